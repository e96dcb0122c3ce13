// The spot on a map (Leaflet, tiles from MINSHENG_MAP_TILES). On the report page the resident
// taps the map or drags the marker and the latitude and longitude fields follow; typing in the
// fields moves the marker. On the case page the map only shows the spot.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  // The marker's pictures come with Leaflet, served next to its script.
  var script = document.querySelector("script[src*='vendor/leaflet/leaflet']");
  if (script) { L.Icon.Default.imagePath = script.src.replace(/leaflet(\.min)?\.js.*$/, "images/"); }

  document.querySelectorAll("[data-map]").forEach(function (box) {
    var data = box.dataset;
    var known = data.lat && data.lng;
    var centre = known ? [Number(data.lat), Number(data.lng)]
      : [Number(data.centreLat), Number(data.centreLng)];
    var map = L.map(box, { scrollWheelZoom: false }).setView(centre, known ? 16 : 11);
    L.tileLayer(data.tiles, {
      attribution: data.attribution || "", subdomains: data.subdomains || "abc", maxZoom: 18
    }).addTo(map);
    var marker = null;
    if (known) { marker = L.marker(centre, { title: data.markerLabel || "" }).addTo(map); }
    if (data.editable === undefined) { return; }

    var form = box.closest("form");
    var lat = form && form.querySelector("input[name=latitude]");
    var lng = form && form.querySelector("input[name=longitude]");
    if (!lat || !lng) { return; }
    function fill(point) {
      lat.value = point.lat.toFixed(6);
      lng.value = point.lng.toFixed(6);
    }
    function place(point) {
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.marker(point, { draggable: true, title: data.markerLabel || "" }).addTo(map);
        marker.on("dragend", function () { fill(marker.getLatLng()); });
      }
    }
    if (marker) {
      marker.dragging.enable();
      marker.on("dragend", function () { fill(marker.getLatLng()); });
    }
    map.on("click", function (event) { place(event.latlng); fill(event.latlng); });
    function typed() {
      var a = parseFloat(lat.value), b = parseFloat(lng.value);
      if (isFinite(a) && isFinite(b)) { place(L.latLng(a, b)); map.panTo([a, b]); }
    }
    lat.addEventListener("change", typed);
    lng.addEventListener("change", typed);
    typed();
  });
})();
