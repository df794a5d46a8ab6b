/* Check-in: read the ticket's QR code with the device's camera, where the browser can.
 *
 * Progressive enhancement: the page is a plain form and typing the code always works. Only when the
 * browser has the BarcodeDetector API with QR support and a camera (getUserMedia, which needs HTTPS or
 * localhost) does the "Scan with camera" button appear. A code read from the camera is put into the
 * field and the form is sent, exactly as if it had been typed. Nothing leaves the page but that form.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-check-in]");
  if (!form) return;
  var button = form.querySelector("[data-scan]");
  var video = form.querySelector("[data-scan-video]");
  var status = form.querySelector("[data-scan-status]");
  var input = form.querySelector("input[name='code']");
  if (!button || !video || !input) return;
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;

  var startLabel = button.textContent;
  var stream = null;
  var detector = null;
  var timer = null;

  function say(text) {
    if (status) status.textContent = text || "";
  }

  function stop() {
    if (timer) window.clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    video.srcObject = null;
    button.textContent = startLabel;
  }

  function scan() {
    if (!stream) return;
    detector.detect(video).then(function (codes) {
      var found = codes.find(function (code) { return code.rawValue && code.rawValue.trim(); });
      if (found) {
        input.value = found.rawValue.trim();
        stop();
        form.requestSubmit ? form.requestSubmit() : form.submit();
        return;
      }
      timer = window.setTimeout(scan, 200);
    }).catch(function () {
      timer = window.setTimeout(scan, 500);
    });
  }

  function start() {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        button.textContent = button.dataset.stopLabel || startLabel;
        return video.play();
      })
      .then(scan)
      .catch(function () {
        stop();
        say(button.dataset.errorLabel);
        input.focus();
      });
  }

  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") === -1) return;
    detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    // The class only now: .button sets display, which would win over the hidden attribute.
    button.classList.add("button");
    button.hidden = false;
    button.addEventListener("click", function () {
      say("");
      if (stream) stop(); else start();
    });
    window.addEventListener("pagehide", stop);
  }).catch(function () { /* no QR support: typing it is */ });
})();
