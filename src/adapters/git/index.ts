/** The real `git` binary: revisions, diffs and objects, without a shell. */
export {
  runGit,
  locateRepository,
  resolveCommit,
  catFileBatch,
  parseTree,
  diffNames,
  type RepositoryLocation,
  type GitObject,
  type TreeEntry,
} from "./git.js";
export { scanAddonsAtCommits, openGitScanCache, type GitScanCache } from "./revision-scan.js";
