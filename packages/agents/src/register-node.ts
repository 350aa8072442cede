/**
 * The Node provider of the practice register: reads the files shipped in `packages/agents/data/register`
 * through the checked loader (each row against its schema, each file against its sha-256), the fit years
 * only unless a run starts in a reserved year.
 * @packageDocumentation
 */
import { loadRegister } from "./register/read-register.js";
import { registerDataOf } from "./register/register-data.js";
import { provideRegister } from "./register-source.js";

provideRegister(() => registerDataOf((access) => loadRegister({ access })));
