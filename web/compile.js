// Compiles the app's WebAssembly off the page's main thread. The page
// sends {wasm, exec}: the module's URL and that of Go's wasm_exec.js. The
// worker answers with [the compiled module, why the warm run failed or
// ""], or with why it could not compile the module. Later the page may
// send "files": the worker answers with why that run failed, or "".
//
// The browser decodes a module on the thread that compiles it, as its
// bytes arrive, and compiles each function the first time it runs, on
// the thread that runs it: on the page's thread that took most of the
// time the program took to start. Before answering, the worker runs the
// program once with the argument "warm" (see ui.Warm), which runs the
// app's code on nothing of the reader's; what it compiled is compiled for
// the page too.
//
// The browser optimises a function once it has run long enough, and that
// code is the page's too. "files" runs the program with "warm files" (see
// ui.WarmFiles), which reads files of hundreds of annotations: the page
// sends it once it is ready, so that the reader's first import runs
// optimised code, and this run shares no core with the page's start.
"use strict";
let module = null;
let exec = "";
onmessage = async (e) => {
  if (e.data === "files") {
    postMessage(await run(["annotator", "warm", "files"]));
    return;
  }
  exec = e.data.exec;
  try {
    module = await WebAssembly.compileStreaming(fetch(e.data.wasm));
  } catch (err) {
    postMessage(String(err));
    return;
  }
  postMessage([module, await run(["annotator", "warm"])]);
};

// run runs the program with argv and says why it failed, or "".
async function run(argv) {
  let why = "";
  try {
    if (typeof Go === "undefined") importScripts(exec);
    const go = new Go();
    go.argv = argv;
    go.exit = (code) => {
      if (code !== 0) why = "exit code " + code;
    };
    await go.run(await WebAssembly.instantiate(module, go.importObject));
  } catch (err) {
    why = String(err);
  }
  return why;
}
