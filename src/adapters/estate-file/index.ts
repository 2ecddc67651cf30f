// Reads estate files from disk: size-limited, UTF-8, validated by the estate domain.
export {
  readEstateFile,
  loadEstateFile,
  type EstateFileResult,
  type ReadEstateFileOptions,
} from "./read-estate-file.js";
export {
  locateEstateFile,
  displayPath,
  DEMO_ESTATE_PATH,
  ESTATE_ENV_VAR,
  type EstateLocation,
} from "./estate-location.js";
