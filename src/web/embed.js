// svcmap embed: turns <div class="svcmap" data-example="ID"> and
// <pre class="svcmap">YAML</pre> into live svcmap iframes sized to their
// content. No dependencies; load it from the folder that holds svcmap:
//   <script src="https://your.host/svcmap/embed.js" defer></script>
// Options, as data- attributes: view (split|graph|yaml), readonly (1),
// theme (light|dark|auto), controls (0), height (fixed pixels).
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL('./', script && script.src ? script.src : location.href);
  var OPTIONS = ['view', 'readonly', 'theme', 'controls'];

  // The share-link format: #v1: + base64url(raw DEFLATE(JSON {text})).
  function shareFragment(text) {
    if (typeof CompressionStream !== 'function') return Promise.resolve('');
    var json = new TextEncoder().encode(JSON.stringify({ text: text }));
    var stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Response(stream).arrayBuffer().then(function (buf) {
      var bytes = new Uint8Array(buf);
      var bin = '';
      for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
      return '#v1:' + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    }, function () { return ''; });
  }

  function embed(el) {
    if (el.getAttribute('data-svcmap-done')) return;
    el.setAttribute('data-svcmap-done', '1');
    var query = new URLSearchParams({ embed: '1' });
    OPTIONS.forEach(function (k) {
      var v = el.getAttribute('data-' + k);
      if (v) query.set(k, v);
    });
    var text = el.tagName === 'PRE' ? el.textContent : null;
    var example = el.getAttribute('data-example');
    if (text === null && example) query.set('example', example);
    var fixed = el.getAttribute('data-height');
    var frame = document.createElement('iframe');
    frame.title = el.getAttribute('aria-label') || 'svcmap: which pods each Kubernetes Service reaches';
    frame.style.cssText = 'display:block;width:100%;border:1px solid #d0d7de;border-radius:8px;height:' + (fixed || '420') + 'px';
    window.addEventListener('message', function (ev) {
      var d = ev.data;
      if (ev.source !== frame.contentWindow || !d || typeof d !== 'object') return;
      if (d.type === 'svcmap:ready' && text !== null && !frame.getAttribute('data-sent')) {
        // When the text could not travel in the URL, send it.
        frame.setAttribute('data-sent', '1');
        if (!frame.getAttribute('data-in-url')) {
          frame.contentWindow.postMessage({ type: 'svcmap:set-text', text: text }, base.origin);
        }
      }
      if (d.type === 'svcmap:resize' && typeof d.height === 'number' && !fixed) {
        frame.style.height = Math.min(Math.max(Math.ceil(d.height) + 2, 160), 4000) + 'px';
      }
    });
    (text === null ? Promise.resolve('') : shareFragment(text)).then(function (fragment) {
      if (fragment) frame.setAttribute('data-in-url', '1');
      frame.src = new URL('index.html?' + query.toString() + fragment, base).href;
      el.replaceWith(frame);
    });
  }

  function run() {
    Array.prototype.forEach.call(document.querySelectorAll('.svcmap'), embed);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
