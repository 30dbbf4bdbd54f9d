/*
 * Switchboard web chat widget. Embed with one tag (channels/webchat/README.md):
 *   <script src="https://switchboard.example.com/chat/widget.js" data-queue="1" async></script>
 * Plain JavaScript, no build step. Text is only ever set with textContent: nothing a customer or
 * an agent writes is rendered as HTML.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL(script.src).origin;
  var queueId = script.getAttribute('data-queue');
  var title = script.getAttribute('data-title') || 'Chat with us';
  var store = window.sessionStorage;
  var KEY = 'switchboard-chat';

  var state = load() || {};
  var socket = null;
  var retry = 500;
  var pending = {};       // clientMessageId -> {text, el}
  var seen = {};          // seq -> true
  var typingTimer = null;
  var lastTypingSent = 0;

  function load() { try { return JSON.parse(store.getItem(KEY)); } catch (e) { return null; } }
  function save() { store.setItem(KEY, JSON.stringify(state)); }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) { e.textContent = text; }
    return e;
  }

  // --- the panel ---------------------------------------------------------------------------
  var style = el('style', {}, '.sbc{position:fixed;right:16px;bottom:16px;width:320px;font:14px sans-serif;'
    + 'z-index:2147483000;background:#fff;border:1px solid #ccc;border-radius:8px;box-shadow:0 2px 12px #0003}'
    + '.sbc header{background:#1f4e79;color:#fff;padding:8px 12px;border-radius:8px 8px 0 0;cursor:pointer}'
    + '.sbc .sbc-body{padding:8px;max-height:420px;display:flex;flex-direction:column;gap:6px}'
    + '.sbc input,.sbc textarea{width:100%;box-sizing:border-box;margin:2px 0;padding:4px}'
    + '.sbc .sbc-log{overflow-y:auto;height:260px;display:flex;flex-direction:column;gap:4px}'
    + '.sbc .sbc-msg{padding:4px 8px;border-radius:6px;max-width:85%;white-space:pre-wrap;word-wrap:break-word}'
    + '.sbc .sbc-customer{align-self:flex-end;background:#dbe9f6}.sbc .sbc-agent{align-self:flex-start;background:#eee}'
    + '.sbc .sbc-pending{opacity:.6}.sbc .sbc-event{align-self:center;color:#666;font-size:12px}'
    + '.sbc .sbc-error{color:#a00;font-size:12px}.sbc .sbc-typing{color:#666;font-size:12px;min-height:14px}');
  var panel = el('div', {'class': 'sbc', id: 'switchboard-chat'});
  var header = el('header', {}, title);
  var body = el('div', {'class': 'sbc-body'});
  panel.appendChild(header);
  panel.appendChild(body);
  header.addEventListener('click', function () { body.hidden = !body.hidden; });

  function clear() { while (body.firstChild) { body.removeChild(body.firstChild); } }
  function button(label, id) { return el('button', {type: 'submit', id: id}, label); }
  function field(name, label, type) {
    return el(type === 'textarea' ? 'textarea' : 'input',
      {name: name, placeholder: label, type: type || 'text', 'aria-label': label});
  }

  function prechat() {
    clear();
    var form = el('form', {id: 'sbc-prechat'});
    form.appendChild(field('name', 'Your name'));
    form.appendChild(field('phone', 'Phone (optional)', 'tel'));
    form.appendChild(field('email', 'Email (optional)', 'email'));
    form.appendChild(button('Start chat', 'sbc-start'));
    var error = el('div', {'class': 'sbc-error'});
    form.appendChild(error);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var data = {name: form.name.value, phone: form.phone.value, email: form.email.value,
        page: location.href.slice(0, 500), queueId: queueId ? Number(queueId) : null};
      post('/api/chat/sessions', data).then(function (r) {
        if (r.offline) { offline(r.message, data); return; }
        state = {sessionId: r.sessionId, token: r.token, socket: r.socket, after: 0, email: !!data.email};
        save();
        chat();
      }).catch(function (e) { error.textContent = e.message; });
    });
    body.appendChild(form);
  }

  function offline(message, known) {
    clear();
    body.appendChild(el('div', {'class': 'sbc-event'}, message));
    var form = el('form', {id: 'sbc-offline'});
    form.appendChild(field('name', 'Your name'));
    form.appendChild(field('email', 'Email', 'email'));
    form.appendChild(field('phone', 'Phone', 'tel'));
    form.appendChild(field('message', 'Your message', 'textarea'));
    form.appendChild(button('Send', 'sbc-offline-send'));
    var error = el('div', {'class': 'sbc-error'});
    form.appendChild(error);
    form.name.value = known.name || ''; form.email.value = known.email || ''; form.phone.value = known.phone || '';
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      post('/api/chat/offline', {name: form.name.value, email: form.email.value, phone: form.phone.value,
        message: form.message.value, queueId: queueId ? Number(queueId) : null}).then(function (r) {
        clear();
        body.appendChild(el('div', {'class': 'sbc-event', id: 'sbc-offline-done'}, r.message));
      }).catch(function (e) { error.textContent = e.message; });
    });
    body.appendChild(form);
  }

  var log, typing, input, errors;

  function chat() {
    clear();
    log = el('div', {'class': 'sbc-log', id: 'sbc-log', 'aria-live': 'polite'});
    typing = el('div', {'class': 'sbc-typing', id: 'sbc-typing'});
    errors = el('div', {'class': 'sbc-error', id: 'sbc-errors'});
    var form = el('form', {id: 'sbc-compose'});
    input = field('text', 'Type a message', 'textarea');
    input.id = 'sbc-input';
    var file = el('input', {type: 'file', id: 'sbc-file', accept: 'image/*,application/pdf'});
    var end = el('button', {type: 'button', id: 'sbc-end'}, 'End chat');
    var transcript = el('input', {type: 'checkbox', id: 'sbc-transcript'});
    form.appendChild(input);
    form.appendChild(button('Send', 'sbc-send'));
    form.appendChild(file);
    form.appendChild(end);
    if (state.email) {
      var label = el('label', {}, ' Email me the transcript');
      label.insertBefore(transcript, label.firstChild);
      form.appendChild(label);
    }
    body.appendChild(log); body.appendChild(typing); body.appendChild(errors); body.appendChild(form);
    form.addEventListener('submit', function (ev) { ev.preventDefault(); sendText(); });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); sendText(); }
    });
    input.addEventListener('input', signalTyping);
    file.addEventListener('change', function () { if (file.files[0]) { upload(file.files[0]); file.value = ''; } });
    end.addEventListener('click', function () { send({type: 'end', transcript: transcript.checked}); });
    connect();
  }

  // --- the socket --------------------------------------------------------------------------
  function connect() {
    socket = new WebSocket(base.replace(/^http/, 'ws') + state.socket);
    socket.onopen = function () { retry = 500; socket.send(JSON.stringify({type: 'hello', token: state.token, after: state.after})); };
    socket.onmessage = function (ev) { receive(JSON.parse(ev.data)); };
    socket.onclose = function (ev) {
      if (ev.code === 4401 || state.ended) { return; }
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  function send(frame) {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(frame)); return true; }
    return false;
  }

  function receive(f) {
    switch (f.type) {
      case 'welcome':
        if (!f.open) { ended('This chat has ended.'); }
        // Whatever was not acknowledged goes again; the server keeps each client message id once.
        Object.keys(pending).forEach(function (id) {
          if (pending[id].text != null) { send({type: 'message', clientMessageId: id, text: pending[id].text}); }
        });
        break;
      case 'ack': acked(f.clientMessageId, f.seq); break;
      case 'message': shown(f); break;
      case 'agent-joined': event(f, (f.agent || 'An agent') + ' joined the chat'); break;
      case 'transferred': event(f, 'You are being transferred to a colleague…'); break;
      case 'ended':
        if (f.seq) { event(f, 'The chat has ended.'); }
        if (f.transcript === 'queued') { errors.textContent = 'The transcript is on its way to your email.'; }
        ended();
        break;
      case 'typing': typing.textContent = f.on ? 'The agent is typing…' : ''; break;
      case 'error':
        errors.textContent = f.detail || f.code;
        if (f.clientMessageId && pending[f.clientMessageId] && f.code !== 'failed') {
          pending[f.clientMessageId].el.classList.add('sbc-error');
          delete pending[f.clientMessageId];
        }
        break;
    }
  }

  function remember(seq) {
    if (seq > state.after) { state.after = seq; save(); }
  }

  function place(node, seq) {
    node.setAttribute('data-seq', seq == null ? '' : seq);
    if (seq != null) {
      // In sequence order, before any later message and before the ones still pending.
      var next = Array.prototype.find.call(log.children, function (c) {
        var s = c.getAttribute('data-seq');
        return s === '' || Number(s) > seq;
      });
      if (next) { log.insertBefore(node, next); } else { log.appendChild(node); }
    } else {
      log.appendChild(node);
    }
    log.scrollTop = log.scrollHeight;
  }

  function shown(f) {
    if (seen[f.seq]) { return; }
    seen[f.seq] = true;
    remember(f.seq);
    var mine = f.clientMessageId && pending[f.clientMessageId];
    if (mine) { acked(f.clientMessageId, f.seq); return; }
    var node = el('div', {'class': 'sbc-msg sbc-' + f.from});
    if (f.text) { node.appendChild(document.createTextNode(f.text)); }
    (f.attachments || []).forEach(function (a) { node.appendChild(attachment(a)); });
    if (f.from === 'agent') { typing.textContent = ''; }
    place(node, f.seq);
  }

  function event(f, text) {
    if (seen[f.seq]) { return; }
    seen[f.seq] = true;
    remember(f.seq);
    place(el('div', {'class': 'sbc-event'}, text), f.seq);
  }

  function acked(id, seq) {
    var p = pending[id];
    if (!p) { return; }
    delete pending[id];
    seen[seq] = true;
    remember(seq);
    p.el.classList.remove('sbc-pending');
    p.el.parentNode.removeChild(p.el);
    place(p.el, seq);
  }

  function ended(text) {
    state.ended = true; save();
    if (input) { input.disabled = true; }
    if (text) { errors.textContent = text; }
    if (socket) { socket.close(); }
  }

  function newId() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function sendText() {
    var text = input.value.trim();
    if (!text) { return; }
    input.value = '';
    var id = newId();
    var node = el('div', {'class': 'sbc-msg sbc-customer sbc-pending'}, text);
    pending[id] = {text: text, el: node};
    place(node, null);
    send({type: 'message', clientMessageId: id, text: text});
    send({type: 'typing', on: false});
  }

  function signalTyping() {
    var now = Date.now();
    if (now - lastTypingSent > 3000) { lastTypingSent = now; send({type: 'typing', on: true}); }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { lastTypingSent = 0; send({type: 'typing', on: false}); }, 3000);
  }

  // --- files -------------------------------------------------------------------------------
  function upload(file) {
    var id = newId();
    var node = el('div', {'class': 'sbc-msg sbc-customer sbc-pending'}, file.name);
    pending[id] = {text: null, el: node};
    place(node, null);
    fetch(base + '/api/chat/sessions/' + state.sessionId + '/attachments?clientMessageId=' + encodeURIComponent(id)
      + '&filename=' + encodeURIComponent(file.name),
      {method: 'POST', headers: {'X-Chat-Token': state.token, 'Content-Type': file.type || 'application/octet-stream'},
        body: file})
      .then(problem).then(function (r) { acked(id, r.seq); })
      .catch(function (e) { errors.textContent = e.message; node.classList.add('sbc-error'); delete pending[id]; });
  }

  function attachment(a) {
    var link = el('a', {href: '#', 'class': 'sbc-file'}, a.filename + ' (' + Math.ceil(a.size / 1024) + ' KB)');
    link.addEventListener('click', function (ev) {
      ev.preventDefault();
      fetch(base + '/api/chat/sessions/' + state.sessionId + '/files/' + a.sha256, {headers: {'X-Chat-Token': state.token}})
        .then(function (r) { return r.blob(); })
        .then(function (blob) { window.open(URL.createObjectURL(blob), '_blank', 'noopener'); });
    });
    return el('div', {}, null).appendChild(link).parentNode;
  }

  // --- HTTP --------------------------------------------------------------------------------
  function problem(r) {
    return r.json().catch(function () { return {}; }).then(function (b) {
      if (!r.ok) { throw new Error(b.detail || b.title || ('HTTP ' + r.status)); }
      return b;
    });
  }

  function post(path, data) {
    return fetch(base + path, {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(data)}).then(problem);
  }

  function mount() {
    document.head.appendChild(style);
    document.body.appendChild(panel);
    if (state.sessionId && !state.ended) { chat(); } else { prechat(); }
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', mount); } else { mount(); }
}());
