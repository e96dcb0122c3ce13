// "Use my phone's position" on the offer form: fills latitude and longitude (the form works
// without it; the coordinates can be typed).
(function () {
  var button = document.getElementById("use-position");
  if (!button || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (where) {
      document.getElementById("id_latitude").value = where.coords.latitude.toFixed(5);
      document.getElementById("id_longitude").value = where.coords.longitude.toFixed(5);
    });
  });
})();
