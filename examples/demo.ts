// `npm start`: the main job on an embedded default; the logic is `sdfkit demo` (src/cli/demoCommand.ts).
import { demoCommand } from "../cli/demoCommand.js";
process.exitCode = await demoCommand();
