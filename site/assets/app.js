// Starts the portal's WebAssembly app, which takes over the prerendered
// page. This replaces go-app's own app.js: the portal registers no service
// worker (nothing is cached behind the reader's back) and asks for no push
// notifications. The page is complete without this script; if WebAssembly
// is unavailable or the download fails, the reader keeps the static page.
"use strict";

var goappNav = function () {};
var goappOnUpdate = function () {};
var goappOnAppInstallChange = function () {};

const goappEnv = {
  GOAPP_VERSION: "static",
  GOAPP_STATIC_RESOURCES_URL: "",
  GOAPP_ROOT_PREFIX: "",
  GOAPP_INTERNAL_URLS: "null",
};

function goappGetenv(k) {
  return goappEnv[k];
}

function goappKeepBodyClean() {
  return () => {};
}

async function goappInitWebAssembly() {
  if (!("WebAssembly" in window) || typeof Go === "undefined") {
    return;
  }
  if (new URLSearchParams(window.location.search).get("wasm") === "false") {
    return;
  }
  try {
    const go = new Go();
    const response = fetch("/web/app.wasm");
    const result = WebAssembly.instantiateStreaming
      ? await WebAssembly.instantiateStreaming(response, go.importObject)
      : await WebAssembly.instantiate(await (await response).arrayBuffer(), go.importObject);
    document.documentElement.classList.add("app-running");
    go.run(result.instance);
  } catch (err) {
    // The static page stays usable; say why the app did not start.
    console.warn("The portal app did not start; the page works without it.", err);
  }
}

goappInitWebAssembly();
