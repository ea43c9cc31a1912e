// The offer of a page in the language the visitor's browser prefers. Every
// page carries, in its header, an offer in each of its other languages,
// each written in that language and linking to the same page in it (the
// language switch's address, app/ui/header.go); the stylesheet hides them
// all unless <html data-lang-offer> names one. This script names it: the
// first of the browser's languages (navigator.languages) the portal
// speaks, read the way the Worker reads Accept-Language
// (i18n.FromAcceptLanguage: nb, no and nn are bokmål). On a page in that
// language there is no offer to show.
//
// It runs in the page's head, before the body is shown, so an offer is
// there from the first paint and nothing moves when it appears; it asks
// no server, sets no cookie, and keeps working after the app has taken
// over a page (it listens on the document, and the app renders the same
// offers). A dismissal, or a use of the language switch, is remembered
// for the browser tab's session only (sessionStorage). esbuild minifies
// it at build (the Makefile's PAGE_SCRIPTS) into web/lang.js.
"use strict";

(function () {
  var root = document.documentElement;
  var KEY = "pp-lang-offer";

  // portalLanguage is the portal's language for a BCP 47 tag, or "".
  function portalLanguage(tag) {
    var primary = String(tag || "").toLowerCase().split("-")[0];
    if (primary === "nb" || primary === "no" || primary === "nn") return "nb";
    if (primary === "da" || primary === "en") return primary;
    return "";
  }

  function preferred() {
    var list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    for (var i = 0; i < list.length; i++) {
      var l = portalLanguage(list[i]);
      if (l) return l;
    }
    return "";
  }

  function dismissed() {
    try {
      return sessionStorage.getItem(KEY) === "dismissed";
    } catch (e) {
      return false; // storage blocked: offer again, never fail
    }
  }

  function dismiss() {
    try {
      sessionStorage.setItem(KEY, "dismissed");
    } catch (e) {
      // storage blocked: the offer goes for this page only
    }
    root.removeAttribute("data-lang-offer");
  }

  var want = preferred();
  if (want && !dismissed()) root.setAttribute("data-lang-offer", want);

  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    if (t.closest("[data-lang-offer-close]")) {
      dismiss();
      // The button is gone: keyboard focus goes on to the page's content
      // rather than back to the top of the document.
      var main = document.getElementById("main");
      if (main) main.focus({ preventScroll: true });
    } else if (t.closest(".lang-switch a")) {
      // Whoever picks a language has chosen; do not offer another.
      dismiss();
    }
  });
})();
