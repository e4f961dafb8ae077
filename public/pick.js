// Small maps, on Leaflet served by the platform (vendor/), with everything they need in data
// attributes written by the server (the tiles, the district's box, the sentences):
//   * .map-pick — the point picker of the submission form and the intake screen. A tap, the
//     marker dragged, "use the map's centre" (for the keyboard: pan with the arrow keys) or
//     "use my location" fills the latitude and longitude fields of the form, which stay as they
//     were for browsers without JavaScript; typing in them moves the marker. Once a point is
//     chosen, the open submissions near it are listed (GET /api/v1/submissions/nearby), so a
//     second report of the same thing can support or follow it instead.
//   * [data-show="point"] — a submission's point.
//   * [data-show="district"] — the district's outline (the admin page).
// The district's outline (GET /api/v1/district) is drawn on the picker and the admin map.
(function () {
  'use strict';
  if (!window.L) return;

  // Leaflet writes an attribution as HTML: an admin's words go in as text.
  function asText(words) {
    var span = document.createElement('span');
    span.textContent = words || '';
    return span.innerHTML;
  }

  // A map in `el` with the tiles named in `d` (the element's own data, or its picker's).
  function newMap(el, d) {
    el.hidden = false;
    el.classList.add('map--live');
    var map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 });
    if (d.tiles) L.tileLayer(d.tiles, { attribution: asText(d.attribution), maxZoom: 19 }).addTo(map);
    return map;
  }

  function fitBox(map, d) {
    map.fitBounds([[Number(d.south), Number(d.west)], [Number(d.north), Number(d.east)]]);
  }

  function drawDistrict(map, fit) {
    fetch('/api/v1/district', { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (district) {
        if (!district) return;
        var layer = L.geoJSON(district.geometry, { interactive: false, style: { color: '#1d70b8', weight: 2, fill: false } });
        layer.addTo(map);
        if (fit) map.fitBounds(layer.getBounds());
      })
      .catch(function () { /* the map works without the outline */ });
  }

  document.querySelectorAll('[data-show="point"]').forEach(function (el) {
    var d = el.dataset;
    var point = [Number(d.lat), Number(d.lon)];
    var map = newMap(el, d);
    map.setView(point, 16);
    L.marker(point, { title: d.label || '', alt: d.label || '', keyboard: false }).addTo(map);
  });

  document.querySelectorAll('[data-show="district"]').forEach(function (el) {
    var map = newMap(el, el.dataset);
    fitBox(map, el.dataset);
    drawDistrict(map, true);
  });

  document.querySelectorAll('.map-pick').forEach(function (box) {
    var form = box.closest('form');
    var latInput = form && form.querySelector('input[name="lat"]');
    var lonInput = form && form.querySelector('input[name="lon"]');
    if (!latInput || !lonInput) return;
    var d = box.dataset;
    // On a phone the map and "use my location" come first (under the legend and any error); the
    // decimal fields and their hint stay below.
    var inputs = latInput.closest('.location__inputs');
    if (inputs) {
      var hint = inputs.parentNode.querySelector(':scope > p.hint');
      inputs.parentNode.insertBefore(box, inputs);
      if (hint) inputs.parentNode.insertBefore(hint, inputs);
    }
    box.hidden = false;
    var status = box.querySelector('.map-pick__status');
    var nearby = box.querySelector('.nearby');
    var list = box.querySelector('.nearby__list');
    var say = function (text) { status.textContent = text || ''; };
    var map = newMap(box.querySelector('.map-pick__map'), d);
    fitBox(map, d);
    drawDistrict(map, false);
    var marker = null;
    var asked = null;

    function typed() {
      var lat = parseFloat(latInput.value.replace(',', '.'));
      var lon = parseFloat(lonInput.value.replace(',', '.'));
      return isFinite(lat) && isFinite(lon) ? [lat, lon] : null;
    }

    function showNearby(point) {
      if (asked) asked.abort();
      asked = new AbortController();
      var query = 'lat=' + point[0].toFixed(6) + '&lon=' + point[1].toFixed(6);
      fetch('/api/v1/submissions/nearby?' + query, { signal: asked.signal, headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (found) {
          list.textContent = '';
          found.forEach(function (n) {
            var item = document.createElement('li');
            var link = document.createElement('a');
            link.href = n.url;
            // A new tab: what was typed in this form stays.
            link.target = '_blank';
            link.rel = 'noopener';
            link.textContent = n.reference + ' – ' + n.title + (d.newTab ? ' (' + d.newTab + ')' : '');
            var far = document.createElement('span');
            far.className = 'hint';
            far.textContent = ' · ' + (d.metres || '{n} m').replace('{n}', String(n.distance_m));
            item.appendChild(link);
            item.appendChild(far);
            list.appendChild(item);
          });
          nearby.hidden = found.length === 0;
        })
        .catch(function (e) { if (!e || e.name !== 'AbortError') nearby.hidden = true; });
    }

    function place(point, fill) {
      if (!marker) {
        marker = L.marker(point, { draggable: true, title: d.marker || '', alt: d.marker || '' }).addTo(map);
        marker.on('dragend', function () { choose(marker.getLatLng(), d.picked); });
      } else {
        marker.setLatLng(point);
      }
      if (fill) {
        latInput.value = point[0].toFixed(6);
        lonInput.value = point[1].toFixed(6);
      }
      showNearby(point);
    }

    function choose(latlng, sentence) {
      var point = [latlng.lat, latlng.lng];
      place(point, true);
      say((sentence || '').replace('{lat}', point[0].toFixed(6)).replace('{lon}', point[1].toFixed(6)));
    }

    function clear() {
      if (marker) { map.removeLayer(marker); marker = null; }
      latInput.value = '';
      lonInput.value = '';
      list.textContent = '';
      nearby.hidden = true;
      say(d.cleared);
    }

    // A point already in the form (typed back after an error, a draft): shown and centred.
    var start = typed();
    if (start) {
      place(start, false);
      map.setView(start, 16);
    }

    map.on('click', function (e) { choose(e.latlng, d.picked); });
    var typing = null;
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener('input', function () {
        clearTimeout(typing);
        typing = setTimeout(function () {
          var point = typed();
          if (point) { place(point, false); map.panTo(point); }
        }, 400);
      });
    });
    box.querySelector('[data-pick="centre"]').addEventListener('click', function () { choose(map.getCenter(), d.picked); });
    box.querySelector('[data-pick="clear"]').addEventListener('click', clear);
    var device = box.querySelector('[data-pick="device"]');
    if (!navigator.geolocation) {
      device.hidden = true;
    } else {
      device.addEventListener('click', function () {
        say(d.locating);
        navigator.geolocation.getCurrentPosition(function (pos) {
          var latlng = L.latLng(pos.coords.latitude, pos.coords.longitude);
          choose(latlng, d.located);
          map.setView(latlng, 17);
        }, function (err) {
          say(err && err.code === 1 ? d.denied : d.unavailable);
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
  });
})();
