// Cookie consent for a company's optional cookies. This small script runs
// in the page's head, before anything is shown and long before the
// WebAssembly app has loaded, so the banner is usable at once and nothing
// optional loads before the visitor has chosen. On the pages that never
// load the app (a statement, the front page) it is the only script. It
// keeps working after the app has taken over a page: it listens on the
// document, not on the banner's elements, which the app replaces. esbuild
// minifies it at build (the Makefile's PAGE_SCRIPTS) into web/consent.js.
//
// The state lives on <html> attributes that the stylesheet reads:
//   data-consent        ask | known | gpc | none (no attribute: no script)
//   data-consent-layer  choose, while the categories are shown
//   data-consent-open   the visitor reopened the banner from the footer
//   data-consent-gpc    the browser sends Global Privacy Control
// The choice itself is a first-party cookie whose format app/cookieconsent
// defines (Choice); each choice is also recorded with the portal, without
// the visitor's address, as proof.
"use strict";

(function () {
  var root = document.documentElement;
  var opener = null; // where focus returns when the banner closes

  // config reads the company's policy from the page's head, where the
  // generator writes it once (the script runs before the body exists); the
  // app, when it shows another company's page, updates the tag.
  function config() {
    var meta = document.querySelector('meta[name="pp-consent"]');
    var src = meta ? meta.getAttribute("content") : "";
    try {
      return src ? JSON.parse(unb64url(src)) : null; // app/cookieconsent Config.Encode
    } catch (e) {
      return null;
    }
  }

  function gpc() {
    return navigator.globalPrivacyControl === true;
  }

  function b64url(s) {
    return btoa(unescape(encodeURIComponent(s))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // unb64url reads base64url as Go's RawURLEncoding does (after trailing
  // "=" are dropped): any other character is no encoding at all.
  function unb64url(s) {
    s = s.replace(/=+$/, "");
    if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("not base64url");
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    return decodeURIComponent(escape(atob(s)));
  }

  // idShape is cookieconsent.IDPattern (app/cookieconsent), the one shape of a consent
  // id; a cookie whose id has another is no choice, as in Go
  // (TestPageScriptKnowsTheIDShape holds the two together).
  var idShape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  // isChoice is the shape Go's cookieconsent.Parse takes, and nothing
  // looser: an id of the one shape, a whole positive time, and each other
  // field, when present, of its type.
  function isChoice(c) {
    var strings = function (a) {
      return Array.isArray(a) && a.every(function (x) {
        return typeof x === "string";
      });
    };
    return (
      c !== null && typeof c === "object" && !Array.isArray(c) &&
      typeof c.id === "string" && idShape.test(c.id) &&
      typeof c.t === "number" && c.t % 1 === 0 && c.t > 0 && c.t <= 9007199254740991 && // a safe integer, in ES5
      (c.v == null || typeof c.v === "string") &&
      (c.c == null || strings(c.c)) &&
      (c.m == null || typeof c.m === "string") &&
      (c.gpc == null || typeof c.gpc === "boolean")
    );
  }

  function readChoice(cfg) {
    var parts = document.cookie.split("; ");
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) !== cfg.cookie) continue;
      try {
        var c = JSON.parse(unb64url(parts[i].slice(eq + 1)));
        return isChoice(c) ? c : null;
      } catch (e) {
        return null;
      }
    }
    return null;
  }

  // current is cookieconsent.Current: the same policy version, not older than
  // the company's consent lifetime, not from more than an hour ahead, and
  // made knowing about GPC if the browser sends it now
  // (TestPageScriptFollowsTheGoRule holds the two to one answer).
  function current(cfg, c) {
    if (!c || c.v !== cfg.version) return false;
    if (Date.now() >= c.t * 1000 + cfg.days * 864e5) return false;
    if (c.t * 1000 > Date.now() + 36e5) return false;
    return !(gpc() && !c.gpc);
  }

  function gtag() {
    window.dataLayer = window.dataLayer || [];
    window.dataLayer.push(arguments);
  }

  // consentMode sets Google Consent Mode v2 signals for the categories.
  function consentMode(cfg, granted, update) {
    if (!cfg.consent_mode) return;
    window.gtag = window.gtag || gtag;
    var stats = granted.indexOf("statistics") >= 0 ? "granted" : "denied";
    var ads = granted.indexOf("marketing") >= 0 ? "granted" : "denied";
    window.gtag("consent", update ? "update" : "default", {
      ad_storage: ads,
      ad_user_data: ads,
      ad_personalization: ads,
      analytics_storage: stats,
    });
  }

  function loadScripts(cfg, granted) {
    var loaded = (window.portalConsentLoaded = window.portalConsentLoaded || {});
    granted.forEach(function (cat) {
      (cfg.scripts && cfg.scripts[cat] ? cfg.scripts[cat] : []).forEach(function (src) {
        if (loaded[src]) return;
        loaded[src] = true;
        if (cfg.consent_mode && /googletagmanager\.com/.test(src)) {
          window.gtag("js", new Date());
          var id = /[?&]id=([^&]+)/.exec(src);
          if (id) window.gtag("config", decodeURIComponent(id[1]));
        }
        var s = document.createElement("script");
        s.src = src;
        s.async = true;
        s.setAttribute("data-consent-category", cat);
        document.head.appendChild(s);
      });
    });
  }

  // clearCookies deletes the first-party cookies of refused categories.
  function clearCookies(cfg, refused) {
    var names = document.cookie.split("; ").map(function (p) {
      return p.slice(0, p.indexOf("="));
    });
    var host = location.hostname;
    var domains = ["", host, "." + host];
    var dot = host.indexOf(".");
    if (dot > 0) domains.push(host.slice(dot));
    refused.forEach(function (cat) {
      (cfg.clears && cfg.clears[cat] ? cfg.clears[cat] : []).forEach(function (pattern) {
        var prefix = pattern.replace(/\*$/, "");
        names.forEach(function (name) {
          if (pattern.slice(-1) === "*" ? name.indexOf(prefix) !== 0 : name !== pattern) return;
          domains.forEach(function (d) {
            document.cookie = name + "=; Path=/; Max-Age=0" + (d ? "; Domain=" + d : "");
          });
        });
      });
    });
  }

  function apply(cfg, granted) {
    consentMode(cfg, granted, true);
    loadScripts(cfg, granted);
    clearCookies(
      cfg,
      cfg.optional.filter(function (c) {
        return granted.indexOf(c) < 0;
      }),
    );
  }

  // newID makes a consent id of the one shape, a random (version 4) UUID
  // in lower case: crypto.randomUUID() where the browser has it, else the
  // same made from 16 random bytes.
  function newID() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) {
      return ("0" + x.toString(16)).slice(-2);
    }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // save keeps a choice in the cookie, records it with the portal, and
  // acts on it at once.
  function save(cfg, method, granted) {
    var prev = readChoice(cfg);
    var choice = {
      id: prev ? prev.id : newID(),
      v: cfg.version,
      c: granted,
      t: Math.floor(Date.now() / 1000),
      gpc: gpc() || undefined,
      m: method,
    };
    document.cookie =
      cfg.cookie + "=" + b64url(JSON.stringify(choice)) + "; Path=/; Max-Age=" + cfg.days * 86400 + "; SameSite=Lax; Secure";
    var refused = cfg.optional.filter(function (c) {
      return granted.indexOf(c) < 0;
    });
    try {
      fetch("/api/" + cfg.slug + "/consent/cookies", {
        method: "POST",
        keepalive: true,
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          consent_id: choice.id,
          granted: granted,
          refused: refused,
          policy_version: cfg.version,
          method: method,
          gpc: gpc(),
          language: root.lang,
          page: location.pathname,
        }),
      });
    } catch (e) {
      // The cookie holds the choice; the record is proof, not a condition.
    }
    // Every box on the page (banner and settings page) now shows the
    // choice made: Accept all ticks them, Reject all and Withdraw untick
    // them. The app renders a box ticked when its category is granted, but
    // cannot untick one a visitor ticked by hand (removing the attribute
    // leaves the box as clicked), so the page is set here, once.
    var boxes = document.querySelectorAll('input[name="category"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = granted.indexOf(boxes[i].value) >= 0;
    root.setAttribute("data-consent", method === "gpc" ? "gpc" : "known");
    apply(cfg, granted);
    document.dispatchEvent(new CustomEvent("portal:consent", { detail: choice }));
  }

  // decide works out, for the page now shown, whether to ask.
  function decide() {
    var cfg = config();
    root.removeAttribute("data-consent-layer");
    root.removeAttribute("data-consent-open");
    if (gpc()) root.setAttribute("data-consent-gpc", "");
    if (!cfg || cfg.optional.length === 0) {
      root.setAttribute("data-consent", "none");
      return;
    }
    consentMode(cfg, [], false);
    var c = readChoice(cfg);
    if (current(cfg, c)) {
      root.setAttribute("data-consent", c.m === "gpc" ? "gpc" : "known");
      apply(cfg, c.c || []);
      return;
    }
    if (gpc()) {
      save(cfg, "gpc", []);
      return;
    }
    root.setAttribute("data-consent", "ask");
  }

  function banner() {
    return document.getElementById("consent");
  }

  function focus(el) {
    if (!el) return;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus();
  }

  function closeBanner() {
    root.removeAttribute("data-consent-layer");
    root.removeAttribute("data-consent-open");
    if (root.getAttribute("data-consent") === "ask") root.setAttribute("data-consent-closed", "");
    focus(opener && document.contains(opener) ? opener : document.getElementById("main"));
    opener = null;
  }

  // showChoices opens the categories, ticked as the visitor last chose.
  function showChoices(cfg) {
    root.setAttribute("data-consent-layer", "choose");
    var c = readChoice(cfg);
    var boxes = document.querySelectorAll('#consent input[name="category"]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = !!(c && current(cfg, c) && c.c.indexOf(boxes[i].value) >= 0);
    if (boxes.length) boxes[0].focus();
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-consent-form")) return;
    var cfg = config();
    var method = e.submitter && e.submitter.value;
    if (!cfg || !method) return;
    e.preventDefault();
    var granted = [];
    if (method === "accept") granted = cfg.optional.slice();
    if (method === "save") {
      var boxes = form.querySelectorAll('input[name="category"]:checked');
      for (var i = 0; i < boxes.length; i++) granted.push(boxes[i].value);
    }
    var inBanner = banner() && banner().contains(form);
    save(cfg, method, granted);
    if (inBanner) closeBanner();
  });

  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest("[data-consent-action]");
    if (!el) return;
    var cfg = config();
    if (!cfg || cfg.optional.length === 0) return;
    var action = el.getAttribute("data-consent-action");
    if (action === "settings" && !banner()) return; // the settings page itself
    // The app follows links itself; these links are handled here instead.
    e.preventDefault();
    e.stopPropagation();
    if (action === "close") {
      closeBanner();
    } else if (action === "choose") {
      showChoices(cfg);
    } else if (action === "settings") {
      opener = el;
      root.removeAttribute("data-consent-closed");
      root.setAttribute("data-consent-open", "");
      showChoices(cfg);
    }
  }, true); // capture: before the app's own handling of links

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var b = banner();
    if (b && b.offsetParent !== null) closeBanner();
  });

  // The browser app calls this after each navigation within the app.
  window.portalConsentDecide = decide;

  decide();
  // A page the browser keeps and shows again on Back or Forward (its
  // back/forward cache) runs no script again: a choice made on another
  // page since then must still count.
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) decide();
  });
  document.addEventListener("DOMContentLoaded", function () {
    if (root.getAttribute("data-consent") === "ask") focus(banner());
  });
})();
