// The spot on a map (Leaflet, tiles from MINSHENG_MAP_TILES, or without tiles the districts'
// outlines from this site). On the report page the resident taps the map or drags the marker
// and the latitude and longitude fields follow; typing in the fields moves the marker. On the
// case page the map only shows the spot.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  // The marker's pictures come with Leaflet, served next to its script.
  var script = document.querySelector("script[src*='vendor/leaflet/leaflet']");
  if (script) { L.Icon.Default.imagePath = script.src.replace(/leaflet(\.min)?\.js.*$/, "images/"); }

  // Without tiles: the districts drawn as outlines, named in the page's language. A tap on a
  // district reaches the map (the shapes let their clicks through), so a spot can be chosen.
  function drawOutlines(map, url, fit) {
    var english = (document.documentElement.lang || "").indexOf("en") === 0;
    fetch(url, { credentials: "same-origin" }).then(function (answer) {
      if (!answer.ok) { throw new Error("outlines: " + answer.status); }
      return answer.json();
    }).then(function (outlines) {
      var districts = L.geoJSON(outlines, {
        style: { color: "#3d5a80", weight: 1.5, fillColor: "#e0ecf4", fillOpacity: 0.6 },
        onEachFeature: function (feature, layer) {
          var names = feature.properties || {};
          layer.bindTooltip(english ? names.name_en : names.name, { sticky: true });
        }
      }).addTo(map);
      if (fit) { map.fitBounds(districts.getBounds()); }
    }).catch(function () { /* the typed latitude and longitude still work */ });
  }

  document.querySelectorAll("[data-map]").forEach(function (box) {
    var data = box.dataset;
    var known = data.lat && data.lng;
    var centre = known ? [Number(data.lat), Number(data.lng)]
      : [Number(data.centreLat), Number(data.centreLng)];
    var zoom = known ? 16 : (data.tiles ? 11 : 8);
    var map = L.map(box, { scrollWheelZoom: false, maxZoom: 18 }).setView(centre, zoom);
    if (data.tiles) {
      L.tileLayer(data.tiles, {
        attribution: data.attribution || "", subdomains: data.subdomains || "abc", maxZoom: 18
      }).addTo(map);
    } else if (data.outlines) {
      drawOutlines(map, data.outlines, !known);
    }
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
