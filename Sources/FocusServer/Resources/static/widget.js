/* Focus survey widget. One script tag shows a one-question prompt and, after the score,
   the follow-up question:
     <script src="https://focus.example.com/widget.js" data-focus-survey="KEY" async></script>
   Add data-focus-page="true" to send the page's path with the answer (off by default: paths
   can carry personal data).
   Plain JavaScript of our own: no globals, no requests but to the Focus server the script
   came from, styles kept inside a closed shadow root so neither page nor widget restyles
   the other. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-focus-survey]");
  if (!script || !window.fetch || !document.body.attachShadow) return;
  var key = script.getAttribute("data-focus-survey");
  if (!key) return;
  var origin = new URL(script.src, location.href).origin;
  var storeKey = "focus-widget-" + key;
  try { if (localStorage.getItem(storeKey)) return; } catch (e) { /* storage blocked: ask anyway */ }
  var sendPage = script.getAttribute("data-focus-page") === "true";
  var lang = (script.getAttribute("data-lang") || navigator.language || "en").slice(0, 2).toLowerCase();
  var api = origin + "/api/v1/public/surveys/" + encodeURIComponent(key);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, name)) node.setAttribute(name, attrs[name]); }
    if (text) node.textContent = text;
    return node;
  }

  fetch(api + "?lang=" + encodeURIComponent(lang), { credentials: "omit" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (survey) { if (survey) show(survey); })
    .catch(function () { /* the page must not notice a widget that cannot load */ });

  function show(survey) {
    var host = el("div", { "data-focus-widget": "" });
    var root = host.attachShadow({ mode: "closed" });
    var style = el("style", {}, [
      ":host{all:initial}",
      ".box{position:fixed;right:16px;bottom:16px;z-index:2147483000;width:min(420px,calc(100vw - 32px));box-sizing:border-box;",
      "background:#fff;color:#1b2430;border:1px solid #c5ccd6;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.18);",
      "padding:16px;font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif}",
      "p{margin:0 0 10px;padding-right:20px;font-weight:600}.scale{display:flex;flex-wrap:wrap;gap:4px}",
      "button{font:inherit;cursor:pointer;border-radius:8px}",
      ".scale button{flex:1 0 28px;min-height:40px;border:1px solid #9aa5b4;background:#fff;color:#1b2430}",
      ".scale button:hover{background:#e7eef8}.ends{display:flex;justify-content:space-between;color:#5b6675;font-size:12px;margin-top:4px}",
      "textarea{width:100%;box-sizing:border-box;min-height:80px;font:inherit;border:1px solid #9aa5b4;border-radius:8px;padding:8px}",
      ".send{margin-top:8px;background:#0b5cad;color:#fff;border:0;padding:8px 16px}",
      ".close{position:absolute;top:6px;right:8px;border:0;background:none;font-size:20px;color:#5b6675}",
      "button:focus-visible,textarea:focus-visible{outline:3px solid #f2a900;outline-offset:2px}"
    ].join(""));
    var box = el("div", { "class": "box", role: "dialog", "aria-label": survey.name });
    var close = el("button", { "class": "close", type: "button", "aria-label": "Close" }, "\u00d7");
    var body = el("div", {});
    box.appendChild(close);
    box.appendChild(body);
    root.appendChild(style);
    root.appendChild(box);
    document.body.appendChild(host);

    var answers = {};
    var sent = false;
    function done(message) {
      try { localStorage.setItem(storeKey, "1"); } catch (e) { /* ignore */ }
      body.textContent = "";
      body.appendChild(el("p", { role: "status" }, message));
      setTimeout(function () { host.remove(); }, 2500);
    }
    function send() {
      if (sent || answers[survey.question.key] === undefined) return;
      sent = true;
      fetch(api + "/responses", {
        method: "POST", credentials: "omit",
        headers: { "Content-Type": "text/plain;charset=UTF-8" },
        body: JSON.stringify({ answers: answers, language: survey.language, hidden: sendPage ? { page: location.pathname } : {} })
      }).catch(function () { /* nothing more to do */ });
    }
    function dismiss() {
      send();
      // A prompt closed without an answer is not shown again either.
      try { localStorage.setItem(storeKey, "1"); } catch (e) { /* ignore */ }
      host.remove();
    }
    close.addEventListener("click", dismiss);
    box.addEventListener("keydown", function (e) { if (e.key === "Escape") dismiss(); });

    var q = survey.question;
    body.appendChild(el("p", { id: "focus-q" }, q.text));
    var scale = el("div", { "class": "scale", role: "group", "aria-labelledby": "focus-q" });
    for (var v = q.min; v <= q.max; v++) {
      (function (value) {
        var b = el("button", { type: "button", "aria-label": value + " of " + q.max }, String(value));
        b.addEventListener("click", function () { answers[q.key] = value; followUp(); });
        scale.appendChild(b);
      })(v);
    }
    body.appendChild(scale);
    var ends = el("div", { "class": "ends", "aria-hidden": "true" });
    ends.appendChild(el("span", {}, q.low));
    ends.appendChild(el("span", {}, q.high));
    body.appendChild(ends);
    // No focus is taken on load: the visitor is busy with the page.

    function followUp() {
      var f = survey.follow_up;
      if (!f) { send(); done(survey.thanks); return; }
      body.textContent = "";
      var label = el("label", { "for": "focus-f" });
      label.appendChild(el("p", {}, f.text));
      var area = el("textarea", { id: "focus-f", maxlength: "2000" });
      var submit = el("button", { type: "button", "class": "send" }, survey.send_label);
      submit.addEventListener("click", function () {
        if (area.value.trim()) answers[f.key] = area.value.trim();
        send();
        done(survey.thanks);
      });
      body.appendChild(label);
      body.appendChild(area);
      body.appendChild(submit);
      area.focus();
    }
  }
})();
