// Compiles the app's WebAssembly off the page's main thread. The browser
// decodes a module on the thread that compiles it, as its bytes arrive:
// on the page's thread that took tasks of up to half a second, in which
// the page did not answer. The page sends the module's URL; the worker
// answers with the compiled module, or with why it could not compile it.
"use strict";
onmessage = async (e) => {
  try {
    postMessage(await WebAssembly.compileStreaming(fetch(e.data)));
  } catch (err) {
    postMessage(String(err));
  }
};
