// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["out/", "out-test/", "node_modules/", "e2e/node_modules/", "*.vsix"] },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    {
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        rules: {
            eqeqeq: "error",
            "no-console": "error",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
    {
        // node:test's describe() and it() return promises that the runner awaits.
        files: ["test/**/*.ts"],
        rules: { "@typescript-eslint/no-floating-promises": ["error", { allowForKnownSafeCalls: [{ from: "package", name: ["describe", "it"], package: "node:test" }] }] },
    },
    {
        files: ["**/*.mjs"],
        ...tseslint.configs.disableTypeChecked,
    },
    {
        // Scripts run by Node.
        files: ["**/*.mjs"],
        languageOptions: { globals: globals.node },
    },
    {
        // The end-to-end test reports on the console, and runs some code in
        // the browser (page.evaluate).
        files: ["e2e/**/*.mjs"],
        languageOptions: { globals: { ...globals.node, ...globals.browser } },
        rules: { "no-console": "off" },
    },
);
