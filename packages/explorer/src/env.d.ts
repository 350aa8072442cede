/// <reference types="vite/client" />

/** The model version this build runs (set by vite.config.ts from the sources' fingerprint). */
declare const __MODEL_VERSION__: string;
