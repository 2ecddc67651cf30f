// Roles are declared once, with the estate that maps people and groups to them.
export { ROLES, Role, isRole } from "../estate/roles.js";
