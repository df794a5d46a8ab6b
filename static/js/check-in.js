/* Check-in at an event's door: read the ticket's QR code with the camera, or from a photo of it.
 *
 * Progressive enhancement: the page is a plain form and typing the code always works. With JavaScript the
 * scanning tools appear: "Scan from a photo" everywhere (a file input that opens the camera app on phones,
 * which works where a page may not stream the camera), and "Scan with camera" where the browser gives the
 * page a camera (getUserMedia, which needs HTTPS or localhost). Frames and photos are drawn to a canvas and
 * decoded by the browser's BarcodeDetector where it reads QR codes (Chrome on Android and macOS), else by
 * the vendored jsQR (static/vendor/jsqr/, loaded from this site on first use: iPhone Safari, Firefox, …).
 * A code read is put into the field and the form is sent, exactly as if it had been typed. No sound.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-check-in]");
  if (!form) return;
  var tools = form.querySelector("[data-scan-tools]");
  var cameraButton = form.querySelector("[data-scan]");
  var photoInput = form.querySelector("[data-scan-photo]");
  var video = form.querySelector("[data-scan-video]");
  var status = form.querySelector("[data-scan-status]");
  var input = form.querySelector("input[name='code']");
  if (!tools || !cameraButton || !photoInput || !video || !input) return;
  var labels = tools.dataset;
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) return;

  // Camera frames are decoded small (fast, and a QR code held up fills much of the picture); photos first at
  // a middling size, then larger for a code that is small in the picture.
  var FRAME_SIDE = 720;
  var PHOTO_SIDES = [1024, 2048];
  var FRAME_INTERVAL_MS = 150;

  function say(text) {
    if (status) status.textContent = text || "";
  }

  // --- Decoding ---------------------------------------------------------------------------------------

  var decoderPromise = null;

  function nativeDetector() {
    if (typeof window.BarcodeDetector !== "function") return Promise.resolve(null);
    var formats = typeof window.BarcodeDetector.getSupportedFormats === "function"
      ? window.BarcodeDetector.getSupportedFormats() : Promise.resolve(["qr_code"]);
    return formats.then(function (list) {
      return list.indexOf("qr_code") === -1 ? null : new window.BarcodeDetector({ formats: ["qr_code"] });
    }).catch(function () { return null; });
  }

  function loadJsQR() {
    if (typeof window.jsQR === "function") return Promise.resolve(window.jsQR);
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = labels.jsqrSrc;
      script.onload = function () {
        if (typeof window.jsQR === "function") resolve(window.jsQR); else reject(new Error("jsQR missing"));
      };
      script.onerror = function () { reject(new Error("jsQR did not load")); };
      document.head.appendChild(script);
    });
  }

  /* A function (thorough) → Promise of the code read from the canvas, or "". */
  function decoder() {
    if (decoderPromise) return decoderPromise;
    decoderPromise = nativeDetector().then(function (detector) {
      if (detector) {
        form.dataset.decoder = "barcode-detector";
        return function () {
          return detector.detect(canvas).then(function (codes) {
            for (var index = 0; index < codes.length; index += 1) {
              var value = (codes[index].rawValue || "").trim();
              if (value) return value;
            }
            return "";
          });
        };
      }
      return loadJsQR().then(function (jsQR) {
        form.dataset.decoder = "jsqr";
        return function (thorough) {
          var image = context.getImageData(0, 0, canvas.width, canvas.height);
          var found = jsQR(image.data, image.width, image.height, {
            inversionAttempts: thorough ? "attemptBoth" : "dontInvert",
          });
          return Promise.resolve(found && found.data ? found.data.trim() : "");
        };
      });
    });
    decoderPromise.catch(function () { decoderPromise = null; });
    return decoderPromise;
  }

  function draw(source, width, height, longestSide) {
    var scale = Math.min(1, longestSide / Math.max(width, height));
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
  }

  function submitCode(code) {
    input.value = code;
    say(labels.foundLabel);
    if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
  }

  // --- The camera -------------------------------------------------------------------------------------

  var stream = null;
  var timer = null;
  var cameraLabel = cameraButton.textContent;

  function stopCamera() {
    if (timer) window.clearTimeout(timer);
    timer = null;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    video.srcObject = null;
    cameraButton.textContent = cameraLabel;
  }

  function scanFrames(decode) {
    if (!stream) return;
    if (video.readyState < 2 || !video.videoWidth) {
      timer = window.setTimeout(function () { scanFrames(decode); }, FRAME_INTERVAL_MS);
      return;
    }
    draw(video, video.videoWidth, video.videoHeight, FRAME_SIDE);
    decode(false).then(function (code) {
      if (!stream) return;
      if (code) {
        stopCamera();
        submitCode(code);
        return;
      }
      timer = window.setTimeout(function () { scanFrames(decode); }, FRAME_INTERVAL_MS);
    }).catch(function () {
      timer = window.setTimeout(function () { scanFrames(decode); }, FRAME_INTERVAL_MS * 3);
    });
  }

  function startCamera() {
    var media = navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false });
    Promise.all([media, decoder()]).then(function (ready) {
      stream = ready[0];
      video.srcObject = stream;
      video.hidden = false;
      cameraButton.textContent = labels.stopLabel || cameraLabel;
      say(labels.lookingLabel);
      return video.play().then(function () { scanFrames(ready[1]); });
    }).catch(function () {
      // Refused, no camera, or blocked by the browser: the photo and typing still work.
      media.then(function (opened) { opened.getTracks().forEach(function (track) { track.stop(); }); }, function () {});
      stopCamera();
      say(labels.cameraError);
      input.focus();
    });
  }

  // --- A photo ----------------------------------------------------------------------------------------

  function readPhoto(file) {
    say(labels.readingLabel);
    if (typeof window.createImageBitmap !== "function") {
      say(labels.notFound);
      return;
    }
    Promise.all([window.createImageBitmap(file), decoder()]).then(function (ready) {
      var bitmap = ready[0];
      var decode = ready[1];
      var sides = PHOTO_SIDES.filter(function (side, index) {
        return index === 0 || Math.max(bitmap.width, bitmap.height) > PHOTO_SIDES[index - 1];
      });
      function attempt(index) {
        if (index >= sides.length) return Promise.resolve("");
        draw(bitmap, bitmap.width, bitmap.height, sides[index]);
        return decode(true).then(function (code) { return code || attempt(index + 1); });
      }
      return attempt(0).then(function (code) {
        if (typeof bitmap.close === "function") bitmap.close();
        if (code) submitCode(code); else say(labels.notFound);
      });
    }).catch(function () {
      say(labels.notFound);
    });
  }

  // --- Wiring -----------------------------------------------------------------------------------------

  tools.hidden = false;
  photoInput.addEventListener("change", function () {
    var file = photoInput.files && photoInput.files[0];
    // Emptied, so that the same photo chosen again is read again.
    photoInput.value = "";
    if (file) readPhoto(file);
  });

  var canStream = window.isSecureContext && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
  if (canStream) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      say("");
      if (stream) stopCamera(); else startCamera();
    });
    window.addEventListener("pagehide", stopCamera);
  }
})();
