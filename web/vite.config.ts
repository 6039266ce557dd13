import { defineConfig } from "vite";

// The bundle goes into the Maven module's classes, under notes-web/, so the jar carries it and
// the app serves it from the classpath at "/". Relative asset paths: the page works wherever it is hosted.
export default defineConfig({
  base: "./",
  build: {
    outDir: "target/classes/notes-web",
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
});
