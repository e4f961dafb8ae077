// The public map of located submissions (/map): Leaflet with marker clustering, both served by
// the platform itself (vendor/), fed by GET /api/v1/submissions.geojson with the page's filters
// and the box on screen. Everything the script needs is in the data attributes of #map, written
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
    var query = (d.filters ? d.filters + '&' : '') + 'bbox=' + bbox;
    say(d.loading || '');
    fetch('/api/v1/submissions.geojson?' + query, { signal: inFlight.signal, headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
      .then(function (fc) {
        cluster.clearLayers();
        cluster.addLayers(fc.features.map(function (f) {
          var c = f.geometry.coordinates;
          var p = f.properties;
          var marker = L.marker([c[1], c[0]], { title: p.title, alt: p.title, keyboard: true });
          // Text, never HTML: a title is what a citizen typed.
          var link = document.createElement('a');
          link.href = p.url;
          link.textContent = p.reference + ' – ' + p.title;
          marker.bindPopup(link);
          return marker;
        }));
        var n = String(fc.features.length);
        say((fc.truncated ? d.truncated : d.count || '').replace('{n}', n));
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
