/** Kept in step with package.json by test/package.test.ts. */
export const TOOL_VERSION = '0.1.0';
