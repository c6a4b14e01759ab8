import { expect } from "vitest";
import { PricelintError } from "../../src/index.js";

/** The PricelintError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<PricelintError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PricelintError);
  return error as PricelintError;
}
