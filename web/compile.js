// Compiles the app's WebAssembly off the page's main thread. The page
// sends {wasm, exec}: the module's URL and that of Go's wasm_exec.js. The
// worker answers with [the compiled module, why the warm run failed or
// ""], or with why it could not compile the module.
//
// The browser decodes a module on the thread that compiles it, as its
// bytes arrive, and compiles each function the first time it runs, on
// the thread that runs it: on the page's thread that took most of the
// time the program took to start. Before answering, the worker runs the
// program once with the argument "warm" (see ui.Warm), which runs the
// app's code on nothing of the reader's; what it compiled is compiled for
// the page too.
"use strict";
onmessage = async (e) => {
  let module = null;
  try {
    module = await WebAssembly.compileStreaming(fetch(e.data.wasm));
  } catch (err) {
    postMessage(String(err));
    return;
  }
  let warm = ""; // why the warm run failed, if it did
  try {
    importScripts(e.data.exec);
    const go = new Go();
    go.argv = ["annotator", "warm"];
    go.exit = (code) => {
      if (code !== 0) warm = "exit code " + code;
    };
    await go.run(await WebAssembly.instantiate(module, go.importObject));
  } catch (err) {
    warm = String(err);
  }
  postMessage([module, warm]);
};
