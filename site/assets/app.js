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
    keepAcrossMount(snapshot());
    go.run(result.instance);
  } catch (err) {
    // The static page stays usable; say why the app did not start.
    console.warn("The portal app did not start; the page works without it.", err);
  }
}

// The app replaces the prerendered page with its own copy when it starts.
// Whatever the reader did before that (typed into a field, ticked a box,
// moved focus into the cookie banner) is carried over by element id, so
// nothing typed is lost on a slow connection.
function snapshot() {
  const fields = [];
  for (const el of document.querySelectorAll("input[id], textarea[id]")) {
    if (el.type === "hidden" || el.type === "file") continue;
    const check = el.type === "checkbox" || el.type === "radio";
    // Only what the reader changed: the rest the app renders itself.
    if (check ? el.checked === el.defaultChecked : el.value === el.defaultValue) continue;
    fields.push({ id: el.id, check, value: check ? el.checked : el.value });
  }
  const active = document.activeElement;
  return { fields, active: active && active !== document.body ? active.id : "" };
}

function keepAcrossMount(state) {
  const root = document.documentElement;
  const restore = () => {
    for (const f of state.fields) {
      const el = document.getElementById(f.id);
      if (!el) continue;
      if (f.check ? el.checked !== f.value : el.value !== f.value) {
        if (f.check) el.checked = f.value;
        else el.value = f.value;
        // The app learns of the value as if the reader had just entered it.
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    const active = state.active && document.getElementById(state.active);
    if (active) {
      if (active.tabIndex < 0 && !active.hasAttribute("tabindex")) active.setAttribute("tabindex", "-1");
      active.focus({ preventScroll: true });
    }
  };
  const watch = new MutationObserver(() => {
    if (root.getAttribute("data-app") !== "ready") return;
    watch.disconnect();
    restore();
  });
  watch.observe(root, { attributes: true, attributeFilter: ["data-app"] });
}

goappInitWebAssembly();
