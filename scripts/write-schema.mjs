// Writes the config's JSON Schema, generated from its zod schema, beside the build.
import { writeFileSync } from "node:fs";
import { configJsonSchema } from "../dist/index.js";

writeFileSync(new URL("../dist/config.schema.json", import.meta.url), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
