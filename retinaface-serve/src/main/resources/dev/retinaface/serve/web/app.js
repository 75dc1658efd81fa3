// RetinaFace web page: upload and webcam modes. No external resources; works offline.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const COLORS = ['#ff3b30', '#ffcc00', '#34c759', '#0a84ff', '#bf5af2'];
  let image = null, imageFile = null, result = null;

  function authHeaders() {
    const key = $('api-key').value.trim();
    return key ? { 'Authorization': 'Bearer ' + key } : {};
  }
  function setStatus(el, text, error) { el.textContent = text; el.className = 'status' + (error ? ' error' : ''); }

  // ---- modes ----
  $('mode-upload').onclick = () => switchMode(false);
  $('mode-webcam').onclick = () => switchMode(true);
  function switchMode(webcam) {
    $('upload-view').hidden = webcam; $('webcam-view').hidden = !webcam;
    $('mode-upload').classList.toggle('active', !webcam); $('mode-webcam').classList.toggle('active', webcam);
    if (!webcam) stopCamera();
  }

  // ---- upload ----
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer.files[0]) load(e.dataTransfer.files[0]); });
  $('file').addEventListener('change', (e) => { if (e.target.files[0]) load(e.target.files[0]); });
  $('score').addEventListener('input', () => { $('score-value').textContent = Number($('score').value).toFixed(2); render(); });

  async function load(file) {
    imageFile = file; result = null; $('extra').innerHTML = '';
    setStatus($('status'), 'Detecting…');
    image = await createImageBitmap(file, { imageOrientation: 'from-image' }).catch(() => null);
    const t0 = performance.now();
    const response = await post('/v1/detect?min_score=0.02', file);
    if (!response.ok) { setStatus($('status'), await errorText(response), true); render(); return; }
    result = await response.json();
    setStatus($('status'), result.faces.length + ' faces above 0.02 in ' + Math.round(performance.now() - t0) + ' ms');
    document.body.dataset.faces = String(result.faces.length);
    ['download-json', 'show-blur', 'show-align'].forEach((id) => { $(id).disabled = false; });
    render();
  }
  function post(path, blob) {
    return fetch(path, { method: 'POST', body: blob, headers: Object.assign({ 'Content-Type': blob.type || 'application/octet-stream' }, authHeaders()) });
  }
  async function errorText(response) {
    try { const e = await response.json(); return 'Error ' + response.status + ': ' + e.error; } catch (x) { return 'Error ' + response.status; }
  }
  function visibleFaces() {
    const min = Number($('score').value);
    return result ? result.faces.filter((f) => f.score >= min) : [];
  }
  function render() {
    const canvas = $('canvas');
    if (!image) return;
    canvas.width = image.width; canvas.height = image.height;
    const g = canvas.getContext('2d');
    g.drawImage(image, 0, 0);
    const faces = visibleFaces();
    drawFaces(g, faces, 1, Math.max(2, image.width / 400));
    const body = document.querySelector('#faces tbody');
    body.innerHTML = '';
    faces.forEach((f, i) => {
      const tr = document.createElement('tr');
      const b = f.box;
      tr.innerHTML = '<td>' + (i + 1) + '</td><td>' + f.score.toFixed(3) + '</td><td>' + b.map((v) => v.toFixed(1)).join(', ') +
        '</td><td>' + Math.round(b[2] - b[0]) + ' × ' + Math.round(b[3] - b[1]) + '</td>';
      body.appendChild(tr);
    });
    $('faces').dataset.count = String(faces.length);
  }
  function drawFaces(g, faces, scale, line) {
    g.lineWidth = line;
    faces.forEach((f) => {
      const [x1, y1, x2, y2] = f.box.map((v) => v * scale);
      g.strokeStyle = '#00e000'; g.strokeRect(x1, y1, x2 - x1, y2 - y1);
      g.fillStyle = '#00e000'; g.font = Math.round(line * 6) + 'px sans-serif';
      g.fillText(f.score.toFixed(2), x1, Math.max(line * 6, y1 - line));
      (f.landmarks || []).forEach((p, i) => {
        g.fillStyle = COLORS[i % COLORS.length];
        g.beginPath(); g.arc(p[0] * scale, p[1] * scale, line * 1.2, 0, 2 * Math.PI); g.fill();
      });
    });
  }
  $('download-json').onclick = () => {
    const data = Object.assign({}, result, { faces: visibleFaces() });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    a.download = (imageFile && imageFile.name ? imageFile.name.replace(/\.[^.]*$/, '') : 'faces') + '.json';
    a.click();
  };
  $('show-blur').onclick = async () => {
    const r = await post('/v1/blur?min_score=' + $('score').value, imageFile);
    if (!r.ok) { setStatus($('status'), await errorText(r), true); return; }
    const img = new Image(); img.src = URL.createObjectURL(await r.blob()); img.alt = 'blurred';
    $('extra').innerHTML = ''; $('extra').appendChild(img);
  };
  $('show-align').onclick = async () => {
    const r = await post('/v1/align?min_score=' + $('score').value, imageFile);
    if (!r.ok) { setStatus($('status'), await errorText(r), true); return; }
    const data = await r.json();
    $('extra').innerHTML = '';
    data.faces.forEach((f) => { const img = new Image(); img.src = 'data:image/png;base64,' + f.crop_png; img.alt = 'aligned face'; $('extra').appendChild(img); });
  };

  // ---- webcam: one frame in flight at a time, so frames go at the rate the service sustains ----
  let stream = null, socket = null, running = false, inFlight = false, sentAt = 0, frames = [], dropped = 0, lastFaces = [];
  $('cam-start').onclick = startCamera;
  $('cam-stop').onclick = stopCamera;
  async function startCamera() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    } catch (e) { setStatus($('cam-status'), 'No camera: ' + e.message, true); return; }
    const video = $('video'); video.srcObject = stream; await video.play();
    const key = $('api-key').value.trim();
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/v1/stream' + (key ? '?api_key=' + encodeURIComponent(key) : '');
    socket = new WebSocket(url); socket.binaryType = 'arraybuffer';
    socket.onmessage = onResult;
    socket.onclose = () => { if (running) setStatus($('cam-status'), 'Connection closed', true); inFlight = false; };
    socket.onopen = () => { running = true; setStatus($('cam-status'), 'Streaming'); loop(); };
    $('cam-start').disabled = true; $('cam-stop').disabled = false;
  }
  function stopCamera() {
    running = false;
    if (socket) { socket.close(); socket = null; }
    if (stream) { stream.getTracks().forEach((t) => t.stop()); stream = null; }
    $('cam-start').disabled = false; $('cam-stop').disabled = true;
  }
  function loop() {
    if (!running) return;
    const video = $('video'), canvas = $('cam-canvas');
    if (video.videoWidth) {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      const g = canvas.getContext('2d');
      g.drawImage(video, 0, 0);
      if (!inFlight && socket && socket.readyState === WebSocket.OPEN) {
        inFlight = true; sentAt = performance.now();
        canvas.toBlob((blob) => blob.arrayBuffer().then((buf) => { if (socket) socket.send(buf); else inFlight = false; }), 'image/jpeg', 0.8);
      } else if (inFlight) {
        dropped++; // this video frame is skipped: never queued
      }
      drawFaces(g, lastFaces, 1, 2);
      $('dropped').textContent = String(dropped);
    }
    requestAnimationFrame(loop);
  }
  function onResult(event) {
    inFlight = false;
    const data = JSON.parse(event.data);
    if (data.dropped) return;
    if (data.error) { setStatus($('cam-status'), data.error, true); return; }
    const now = performance.now();
    frames.push(now); while (frames.length && now - frames[0] > 2000) frames.shift();
    lastFaces = data.faces;
    $('latency').textContent = String(Math.round(now - sentAt));
    $('fps').textContent = (frames.length / Math.min(2, Math.max(0.001, (now - frames[0]) / 1000 || 1))).toFixed(1);
    $('cam-faces').textContent = String(data.faces.length);
    document.body.dataset.camFrames = String(Number(document.body.dataset.camFrames || 0) + 1);
  }
})();
