// The public map of located submissions (/map): Leaflet with marker clustering, both served by
// the platform itself (vendor/), fed by GET /api/v1/submissions.geojson with the page's filters,
// the box on screen and the zoom. Where the box holds many, the server sends clusters (a count,
// where its submissions stand and the box they fill: a click zooms there) among the submissions
// that stand alone, which the page clusters itself as it does when there are few. Everything the script needs is in the data attributes of #map, written
// by the server: the district's box, the tile URL and attribution (an admin setting; empty: no
// background tiles, as in the tests), the filters' query string and the sentences it shows.
(function () {
  'use strict';
  var el = document.getElementById('map');
  if (!el || !window.L || !window.L.markerClusterGroup) return;
  var d = el.dataset;
  var status = document.getElementById('map-status');
  var say = function (text) { if (status) status.textContent = text; };
  el.classList.add('map--live');
  var map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 });
  if (d.tiles) {
    // Leaflet writes an attribution as HTML: an admin's words go in as text.
    var words = document.createElement('span');
    words.textContent = d.attribution || '';
    L.tileLayer(d.tiles, { attribution: words.innerHTML, maxZoom: 19 }).addTo(map);
  }
  map.fitBounds([[Number(d.south), Number(d.west)], [Number(d.north), Number(d.east)]]);
  // The district's outline (the default box until an admin uploads one), under the markers.
  fetch('/api/v1/district', { headers: { Accept: 'application/json' } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (district) {
      if (district) L.geoJSON(district.geometry, { interactive: false, style: { color: '#1d70b8', weight: 2, fill: false } }).addTo(map);
    })
    .catch(function () { /* the map works without it */ });
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  map.addLayer(cluster);
  var counted = L.layerGroup().addTo(map);
  // A cluster counted by the server, drawn as the page's own clusters are; a button that zooms
  // to the box its submissions fill.
  function countedMarker(f) {
    var c = f.geometry.coordinates;
    var n = f.properties.count;
    var b = f.properties.bbox;
    var size = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
    var label = (d.cluster || '{n}').replace('{n}', String(n));
    var icon = L.divIcon({ html: '<div><span>' + String(n) + '</span></div>', className: 'marker-cluster marker-cluster-' + size, iconSize: L.point(40, 40) });
    var marker = L.marker([c[1], c[0]], { icon: icon, title: label, alt: label, keyboard: true });
    marker.on('click', function () {
      if (b[0] < b[2] || b[1] < b[3]) map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { maxZoom: map.getMaxZoom() });
      else map.setView([c[1], c[0]], Math.min(map.getZoom() + 2, map.getMaxZoom()));
    });
    return marker;
  }
  var inFlight = null;
  // The box asked for is the view widened to a grid of 0.01° (about 1 km), so that people who
  // look at about the same place ask the same question (the server keeps answers a few seconds).
  var snap = function (v, up, lo, hi) {
    var n = (up ? Math.ceil(v * 100) : Math.floor(v * 100)) / 100;
    return Math.min(hi, Math.max(lo, n)).toFixed(2);
  };
  function load() {
    var b = map.getBounds();
    var bbox = [snap(b.getWest(), false, -180, 180), snap(b.getSouth(), false, -90, 90),
      snap(b.getEast(), true, -180, 180), snap(b.getNorth(), true, -90, 90)].join(',');
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    var query = (d.filters ? d.filters + '&' : '') + 'bbox=' + bbox + '&zoom=' + Math.round(map.getZoom());
    say(d.loading || '');
    fetch('/api/v1/submissions.geojson?' + query, { signal: inFlight.signal, headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
      .then(function (fc) {
        cluster.clearLayers();
        counted.clearLayers();
        var alone = [];
        fc.features.forEach(function (f) {
          if (f.properties.cluster) { counted.addLayer(countedMarker(f)); return; }
          var c = f.geometry.coordinates;
          var p = f.properties;
          var marker = L.marker([c[1], c[0]], { title: p.title, alt: p.title, keyboard: true });
          // Text, never HTML: a title is what a citizen typed.
          var link = document.createElement('a');
          link.href = p.url;
          link.textContent = p.reference + ' – ' + p.title;
          marker.bindPopup(link);
          alone.push(marker);
        });
        cluster.addLayers(alone);
        var n = String(fc.total);
        say((fc.truncated ? d.truncated.replace('{n}', String(alone.length)) : (d.count || '').replace('{n}', n)));
        el.setAttribute('data-loaded', n);
      })
      .catch(function (e) {
        if (e && e.name === 'AbortError') return;
        say(d.failed || '');
      });
  }
  map.on('moveend', load);
  load();
})();
