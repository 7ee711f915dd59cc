// Listing form: phone photos are shrunk in the browser before they are uploaded.
//
// Progressive enhancement of the photo input on /ilan-ver/ and the edit page: a 3-8 MB phone
// photo is decoded upright (its EXIF orientation applied by createImageBitmap), drawn at most
// `data-max-side` pixels on its longest side and re-encoded as JPEG (WebP for PNGs, which may be
// transparent), so it passes the 2 MB rule and the upload is short on a mobile connection. The
// chosen files are replaced in the input itself, so the form posts as it always does. Without
// this script, or for a file the browser cannot decode (HEIC in Chromium), the original is
// posted and the server shrinks it (up to 15 MB).
(function () {
  "use strict";

  var input = document.querySelector("input[type=file][data-photo-resize]");
  if (
    !input ||
    !input.form ||
    !window.createImageBitmap ||
    !window.DataTransfer ||
    !window.HTMLCanvasElement ||
    !HTMLCanvasElement.prototype.toBlob
  ) {
    return;
  }

  var form = input.form;
  var maxSide = parseInt(input.dataset.maxSide, 10) || 2000;
  var maxBytes = parseInt(input.dataset.maxBytes, 10) || 2 * 1024 * 1024;
  var status = document.getElementById("photo-status");
  var previews = document.getElementById("photo-previews");
  var submitButtons = form.querySelectorAll("button[type=submit]");
  var DECODABLE = /^image\/(jpeg|png|webp)$/;
  var QUALITIES = [0.85, 0.72, 0.6];
  var generation = 0; // a newer choice of files wins over one still being prepared
  var working = false;
  var previewUrls = [];

  function say(text) {
    if (!status) {
      return;
    }
    status.textContent = text || "";
    status.hidden = !text;
  }

  function setWorking(value) {
    working = value;
    for (var index = 0; index < submitButtons.length; index++) {
      submitButtons[index].disabled = value;
    }
  }

  function megabytes(bytes) {
    return (bytes / (1024 * 1024)).toFixed(1).replace(".", ",") + " MB";
  }

  function encode(canvas, type, quality) {
    return new Promise(function (resolve, reject) {
      canvas.toBlob(
        function (blob) {
          if (blob) {
            resolve(blob);
          } else {
            reject(new Error("canvas could not be encoded"));
          }
        },
        type,
        quality
      );
    });
  }

  function encodeWithin(canvas, type, qualityIndex) {
    return encode(canvas, type, QUALITIES[qualityIndex]).then(function (blob) {
      // A browser without a WebP encoder answers with a PNG: use JPEG then.
      if (blob.type !== type && type !== "image/jpeg") {
        return encodeWithin(canvas, "image/jpeg", qualityIndex);
      }
      if (blob.size > maxBytes && qualityIndex + 1 < QUALITIES.length) {
        return encodeWithin(canvas, type, qualityIndex + 1);
      }
      return blob;
    });
  }

  function shrink(file) {
    if (!DECODABLE.test(file.type)) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file, { imageOrientation: "from-image" })
      .then(function (bitmap) {
        var scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
        if (scale === 1 && file.size <= maxBytes) {
          bitmap.close();
          return file; // already small: sent as it is, metadata is stripped on the server
        }
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        var context = canvas.getContext("2d");
        context.imageSmoothingEnabled = true;
        context.imageSmoothingQuality = "high";
        context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        bitmap.close();
        var type = file.type === "image/png" ? "image/webp" : "image/jpeg";
        return encodeWithin(canvas, type, 0).then(function (blob) {
          canvas.width = canvas.height = 0; // let the phone have its memory back
          var extension = blob.type === "image/webp" ? ".webp" : ".jpg";
          var name = file.name.replace(/\.[^.]*$/, "") + extension;
          return new File([blob], name, { type: blob.type, lastModified: file.lastModified });
        });
      })
      .catch(function () {
        return file; // the server checks, and shrinks, what the browser could not
      });
  }

  function showPreviews(files) {
    if (!previews) {
      return;
    }
    previewUrls.forEach(function (url) {
      URL.revokeObjectURL(url);
    });
    previewUrls = [];
    previews.textContent = "";
    files.forEach(function (file) {
      var item = document.createElement("li");
      if (DECODABLE.test(file.type)) {
        var image = document.createElement("img");
        var url = URL.createObjectURL(file);
        previewUrls.push(url);
        image.src = url;
        image.alt = "";
        item.appendChild(image);
      }
      var caption = document.createElement("span");
      caption.textContent = file.name + " · " + megabytes(file.size);
      item.appendChild(caption);
      previews.appendChild(item);
    });
    previews.hidden = files.length === 0;
  }

  input.addEventListener("change", function () {
    var chosen = Array.prototype.slice.call(input.files || []);
    var mine = ++generation;
    if (!chosen.length) {
      showPreviews([]);
      say("");
      setWorking(false);
      return;
    }
    setWorking(true);
    say(input.dataset.workingText);
    // One photo at a time: a decoded 12 MP photo takes about 48 MB of a phone's memory.
    chosen
      .reduce(function (chain, file) {
        return chain.then(function (done) {
          return shrink(file).then(function (result) {
            return done.concat([result]);
          });
        });
      }, Promise.resolve([]))
      .then(function (prepared) {
        if (mine !== generation) {
          return;
        }
        var transfer = new DataTransfer();
        prepared.forEach(function (file) {
          transfer.items.add(file);
        });
        input.files = transfer.files; // setting files fires no change event
        showPreviews(prepared);
        say(input.dataset.readyText);
        setWorking(false);
      });
  });

  form.addEventListener("submit", function (event) {
    if (working) {
      event.preventDefault();
    }
  });
})();
