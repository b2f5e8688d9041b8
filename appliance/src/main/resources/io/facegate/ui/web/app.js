// facegate status page. Plain JavaScript, no framework, no build step, nothing loaded from elsewhere.
// Data: GET /status (every 2 s), GET /events (Server-Sent Events), GET /ui/frames (face boxes, every 0.5 s while
// visible) and GET /ui/preview/<camera> (the last examined frame, only with ui.preview: true).
"use strict";

const EVENTS_SHOWN = 40;
const cameras = new Map();   // name -> {el, status, previous: {framesIn, processed, at}, seq}
const outputs = new Map();   // name -> {el}
let previewOn = false;
let source = null;
let timers = [];
let lastStatus = 0;

const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  children.forEach(c => node.append(c));
  return node;
}

function clock(iso) {
  const d = iso ? new Date(iso) : new Date();
  return d.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"});
}

async function getJson(path) {
  const response = await fetch(path, {credentials: "same-origin", cache: "no-store"});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.Message || body.message || ("HTTP " + response.status));
    error.status = response.status;
    error.type = body.__type;
    throw error;
  }
  return body;
}

// ---- signing in (only when the service checks SigV4) ----

const SHA256_K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

const ror = (x, n) => (x >>> n) | (x << (32 - n));

// SHA-256 in plain JavaScript: crypto.subtle exists only on https:// and localhost, and a LAN box is plain http.
function sha256(bytes) {
  const total = Math.ceil((bytes.length + 9) / 64) * 64;
  const m = new Uint8Array(total);
  m.set(bytes);
  m[bytes.length] = 0x80;
  const view = new DataView(m.buffer);
  const bits = bytes.length * 8;
  view.setUint32(total - 8, Math.floor(bits / 0x100000000));
  view.setUint32(total - 4, bits >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  for (let offset = 0; offset < total; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, b, c, d, e, f, g, k] = h;
    for (let i = 0; i < 64; i++) {
      const t1 = (k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i]) | 0;
      const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  h.forEach((v, i) => outView.setUint32(i * 4, v));
  return out;
}

function hmac(key, message) {
  let k = key.length > 64 ? sha256(key) : key;
  const padded = new Uint8Array(64);
  padded.set(k);
  const inner = new Uint8Array(64 + message.length);
  const outer = new Uint8Array(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = padded[i] ^ 0x36;
    outer[i] = padded[i] ^ 0x5c;
  }
  inner.set(message, 64);
  outer.set(sha256(inner), 64);
  return sha256(outer);
}

const utf8 = text => new TextEncoder().encode(text);
const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");

// The headers of a SigV4-signed request without a body, as the service's verifier checks it (service rekognition).
function signedHeaders(method, path, keyId, secret) {
  const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const region = "us-east-1";
  const scope = `${day}/${region}/rekognition/aws4_request`;
  const canonical = [method, path, "", "host:" + location.host, "x-amz-date:" + amzDate, "",
    "host;x-amz-date", hex(sha256(new Uint8Array(0)))].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, hex(sha256(utf8(canonical)))].join("\n");
  let key = utf8("AWS4" + secret);
  for (const part of [day, region, "rekognition", "aws4_request"]) key = hmac(key, utf8(part));
  const signature = hex(hmac(key, utf8(toSign)));
  return {
    "X-Amz-Date": amzDate,
    "Authorization": `AWS4-HMAC-SHA256 Credential=${keyId}/${scope}, SignedHeaders=host;x-amz-date, ` +
      `Signature=${signature}`
  };
}

function showSignIn(message) {
  stop();
  $("#page").hidden = true;
  $("#sign-out").hidden = true;
  $("#sign-in").hidden = false;
  $("#sign-in-error").textContent = message || "";
  $("#key-id").focus();
}

async function signIn(event) {
  event.preventDefault();
  const keyId = $("#key-id").value.trim();
  const secret = $("#key-secret").value;
  try {
    const response = await fetch("/ui/session", {method: "POST", credentials: "same-origin",
      headers: signedHeaders("POST", "/ui/session", keyId, secret)});
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      $("#sign-in-error").textContent = body.Message || ("HTTP " + response.status);
      return;
    }
    $("#key-secret").value = "";
    $("#sign-in").hidden = true;
    $("#sign-out").hidden = false;
    run();
  } catch (e) {
    $("#sign-in-error").textContent = e.message;
  }
}

async function signOut() {
  await fetch("/ui/session", {method: "DELETE", credentials: "same-origin"});
  showSignIn("Signed out.");
}

// ---- what the page shows ----

function cameraCard(name) {
  let camera = cameras.get(name);
  if (!camera) {
    $("#cameras .empty")?.remove();
    const card = el("article", {"class": "camera", "data-camera": name},
      el("h3", {}, el("span", {text: name}), el("span", {"class": "state", text: "…"})),
      el("div", {"class": "frame"}, el("span", {"class": "note", text: "no frame examined yet"})),
      el("div", {"class": "figures"}));
    $("#cameras").append(card);
    camera = {el: card, previous: null, seq: -1};
    cameras.set(name, camera);
  }
  return camera;
}

function showCameraState(name, state, detail) {
  const badge = $(".state", cameraCard(name).el);
  badge.textContent = state;
  badge.dataset.state = state;
  badge.title = detail || "";
}

function showCameraFigures(status) {
  const camera = cameraCard(status.name);
  const now = performance.now();
  let rates = "";
  if (camera.previous) {
    const seconds = (now - camera.previous.at) / 1000;
    const fps = (status.framesIn - camera.previous.framesIn) / seconds;
    const examined = (status.framesProcessed - camera.previous.processed) / seconds;
    rates = `<span><b>${fps.toFixed(1)}</b> fps in</span><span><b>${examined.toFixed(1)}</b> examined/s</span>`;
  }
  camera.previous = {framesIn: status.framesIn, processed: status.framesProcessed, at: now};
  const detection = status.lastDetectionMs == null ? "–" : status.lastDetectionMs.toFixed(0) + " ms";
  $(".figures", camera.el).innerHTML = rates +
    `<span>detection <b>${detection}</b></span><span>dropped <b>${status.framesDropped}</b></span>`;
}

function showFrame(name, frame) {
  const camera = cameraCard(name);
  if (frame.seq === camera.seq) return;
  camera.seq = frame.seq;
  const box = $(".frame", camera.el);
  box.style.aspectRatio = `${frame.width} / ${frame.height}`;
  box.querySelectorAll(".face-box").forEach(b => b.remove());
  if (previewOn) {
    let img = $("img", box);
    if (!img) {
      img = el("img", {alt: "last examined frame of " + name});
      img.addEventListener("error", () => { img.hidden = true; });
      img.addEventListener("load", () => { img.hidden = false; });
      box.prepend(img);
    }
    img.src = `/ui/preview/${encodeURIComponent(name)}?frame=${frame.seq}`;
  }
  for (const face of frame.faces) {
    const b = face.box;
    const div = el("div", {"class": "face-box"}, el("span", {text: (face.score * 100).toFixed(0) + "%"}));
    div.style.left = (b.left * 100) + "%";
    div.style.top = (b.top * 100) + "%";
    div.style.width = (b.width * 100) + "%";
    div.style.height = (b.height * 100) + "%";
    box.append(div);
  }
  $(".note", box).textContent = `frame ${frame.seq} at ${clock(frame.time)}: ` +
    (frame.faces.length === 1 ? "1 face" : frame.faces.length + " faces") + (previewOn ? "" : " (preview off)");
}

function outputRow(name) {
  let output = outputs.get(name);
  if (!output) {
    $("#outputs .empty")?.remove();
    const row = el("li", {"class": "output", "data-output": name, "data-active": "false"},
      el("span", {"class": "lamp"}),
      el("span", {}, el("span", {"class": "name", text: name}), el("span", {"class": "since"})));
    $("#outputs").append(row);
    output = {el: row};
    outputs.set(name, output);
  }
  return output;
}

function showOutput(name, active, level, when, why) {
  const row = outputRow(name).el;
  row.dataset.active = String(active);
  $(".since", row).textContent = (active ? "active" : "idle") + " · line " + level +
    (when ? " · since " + clock(when) : "") + (why ? " (" + why + ")" : "");
}

function logEvent(type, data) {
  const text = {
    "camera-state": d => `${d.camera}: ${d.state}`,
    "output-state": d => `${d.output} is ${d.active ? "active" : "idle"}`,
    "output-changed": d => `${d.output} ${d.active ? "active" : "idle"} (${d.reason})`,
    "face-detected": d => `${d.camera}: ${d.faces.length} face${d.faces.length === 1 ? "" : "s"}`,
    "rule-fired": d => `rule ${d.rule} → ${d.output}: ${d.outcome}`,
    "command": d => `${d.source} asked ${d.output} to pulse: ${d.outcome}`
  }[type];
  const list = $("#events");
  list.prepend(el("li", {"data-type": type}, el("time", {text: clock(data.time)}),
    text ? text(data) : type));
  while (list.children.length > EVENTS_SHOWN) list.lastChild.remove();
}

function listen() {
  const link = $("#link");
  source = new EventSource("/events");
  source.addEventListener("open", () => { link.dataset.state = "live"; link.textContent = "live"; });
  source.addEventListener("error", () => {
    link.dataset.state = "lost";
    link.textContent = "reconnecting";
    if (source.readyState === EventSource.CLOSED) {
      // The server refused the stream (a session that expired): ask to sign in again.
      getJson("/status").catch(e => e.status === 400 ? showSignIn(e.message) : null);
    }
  });
  const on = (type, handle) => source.addEventListener(type, message => {
    const data = JSON.parse(message.data);
    handle(data);
    logEvent(type, data);
  });
  on("camera-state", d => showCameraState(d.camera, d.state, d.detail));
  on("output-state", d => showOutput(d.output, d.active, d.level, d.lastChange));
  on("output-changed", d => showOutput(d.output, d.active, d.level, d.time, d.reason));
  on("face-detected", () => {
    // A face just seen: refresh the counters now rather than at the next poll (at most twice a second).
    if (performance.now() - lastStatus > 500) loadStatus();
  });
  on("rule-fired", () => {});
  on("command", () => {});
}

async function loadStatus(first) {
  lastStatus = performance.now();
  try {
    const status = await getJson("/status");
    if (first) {
      $("#build").textContent = "build " + status.version;
      const models = $("#models");
      models.replaceChildren(...status.models.map(m => el("li", {"text":
        `${m.name} · ${m.precision} · ${m.inputSize} px · sha256 ${m.sha256.slice(0, 12)}… · ${m.licence}`})));
      for (const o of status.outputs) showOutput(o.name, o.active, o.level, o.lastChange);
    }
    for (const c of status.cameras) {
      showCameraState(c.name, c.state, c.detail);
      showCameraFigures(c);
    }
  } catch (e) {
    if (e.status === 400) showSignIn(e.message);
  }
}

async function loadFrames() {
  if (document.hidden) return;
  try {
    const frames = await getJson("/ui/frames");
    previewOn = frames.preview;
    for (const [name, frame] of Object.entries(frames.cameras)) showFrame(name, frame);
  } catch (e) {
    if (e.status === 400) showSignIn(e.message);
  }
}

function stop() {
  timers.forEach(clearInterval);
  timers = [];
  if (source) source.close();
  source = null;
}

async function run() {
  stop();
  $("#page").hidden = false;
  await loadStatus(true);
  listen();
  await loadFrames();
  timers.push(setInterval(loadStatus, 2000), setInterval(loadFrames, 500));
}

async function start() {
  $("#sign-in").addEventListener("submit", signIn);
  $("#sign-out").addEventListener("click", signOut);
  const session = await getJson("/ui/session");
  if (session.signInNeeded && !session.key) {
    showSignIn();
    return;
  }
  $("#sign-out").hidden = !session.signInNeeded;
  run();
}

start();
