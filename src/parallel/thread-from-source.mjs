// A check thread started from the TypeScript sources (the tests): a worker does not inherit the
// parent's tsx loader, so it registers tsx itself before running thread.ts. The built library
// starts dist/thread.js instead.
import { register } from "tsx/esm/api";

register();
await import("./thread.ts");
