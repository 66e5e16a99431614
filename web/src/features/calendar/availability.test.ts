import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { Weekday } from './api';
import {
  availabilityPayload,
  DEFAULT_AVAILABILITY,
  errorUnder,
  formFromAvailability,
  mapAvailabilityErrors,
  newWindow,
  newZoneKey,
  normalizeField,
  removeZone,
  toggleWindowZone,
  validateAvailability,
} from './availability';

const opts = { product: false, currency: 'EUR' };
const product = { product: true, currency: 'EUR' };

describe('availability form', () => {
  it('round-trips the API document (defaults when never saved)', () => {
    const f = formFromAvailability(DEFAULT_AVAILABILITY, 'EUR');
    expect(f.weekly.mon).toEqual([{ from: '09:00', to: '18:00' }]);
    expect(f.weekly.sun).toEqual([]);
    expect(f.slot_minutes).toBe('30');
    expect(validateAvailability(f, opts)).toEqual({});
    expect(availabilityPayload(f, opts)).toEqual({
      weekly: { ...DEFAULT_AVAILABILITY.weekly },
      slot_minutes: 30,
      buffer_minutes: 0,
      lead_minutes: 60,
      horizon_days: 30,
      service_capacity: 1,
    });
    // A saved document with a day missing means that day is closed.
    expect(formFromAvailability({ ...DEFAULT_AVAILABILITY, weekly: { mon: [['10:00', '12:00']] } }, 'EUR').weekly.tue).toEqual([]);
  });

  it('sends several ranges per day sorted, closed days as empty lists', () => {
    const f = formFromAvailability(DEFAULT_AVAILABILITY, 'EUR');
    f.weekly.mon = [
      { from: '14:00', to: '18:00' },
      { from: '09:00', to: '12:00' },
    ];
    f.weekly.sat = [];
    const body = availabilityPayload(f, opts);
    expect(body.weekly.mon).toEqual([
      ['09:00', '12:00'],
      ['14:00', '18:00'],
    ]);
    expect(body.weekly.sat).toEqual([]);
    expect(body).not.toHaveProperty('delivery_windows');
  });

  it('checks times, order, overlaps and number ranges', () => {
    const f = formFromAvailability(DEFAULT_AVAILABILITY, 'EUR');
    f.weekly.mon = [
      { from: '09:00', to: '13:00' },
      { from: '12:00', to: '18:00' },
    ];
    f.weekly.tue = [{ from: '18:00', to: '09:00' }];
    f.weekly.wed = [{ from: '9', to: '18:00' }];
    f.slot_minutes = '2';
    f.horizon_days = 'x';
    f.lead_minutes = '50000';
    expect(validateAvailability(f, opts)).toEqual({
      'weekly.mon.1': 'calendar.errors.overlap',
      'weekly.tue.0': 'calendar.errors.order',
      'weekly.wed.0': 'calendar.errors.time',
      slot_minutes: 'calendar.errors.range',
      horizon_days: 'calendar.errors.range',
      lead_minutes: 'calendar.errors.range',
    });
  });

  it('handles delivery windows and zones for PRODUCT companies (money in minor units)', () => {
    const f = formFromAvailability(
      { ...DEFAULT_AVAILABILITY, delivery_windows: [{ days: ['tue', 'mon'], from: '10:00', to: '14:00', capacity: 5 }], delivery_zones: [{ name: 'Centre', fee_minor: 500, free_over_minor: 5000 }] },
      'EUR',
    );
    expect(f.delivery_zones[0]).toEqual({ key: expect.any(String), name: 'Centre', fee: '5.00', freeOver: '50.00' });
    f.delivery_zones.push({ key: newZoneKey(), name: ' North ', fee: '7,5', freeOver: '' });
    const body = availabilityPayload(f, product);
    expect(body.delivery_windows).toEqual([{ days: ['mon', 'tue'], from: '10:00', to: '14:00', capacity: 5, zones: [] }]);
    expect(body.delivery_zones).toEqual([
      { name: 'Centre', fee_minor: 500, free_over_minor: 5000 },
      { name: 'North', fee_minor: 750 },
    ]);
    f.delivery_windows.push({ ...newWindow(), days: [], from: '15:00', to: '12:00', capacity: '0' });
    f.delivery_zones.push({ key: newZoneKey(), name: '', fee: 'abc', freeOver: '-1' });
    expect(validateAvailability(f, product)).toEqual({
      'delivery_windows.1.days': 'calendar.errors.days',
      'delivery_windows.1.to': 'calendar.errors.order',
      'delivery_windows.1.capacity': 'calendar.errors.range',
      'delivery_zones.2.name': 'calendar.errors.required',
      'delivery_zones.2.fee_minor': 'calendar.errors.money',
      'delivery_zones.2.free_over_minor': 'calendar.errors.money',
    });
    // Not checked (nor sent) for other companies.
    expect(validateAvailability(f, opts)).toEqual({});
  });

  it('carries the zones a window serves both ways (missing or empty = all zones)', () => {
    const zonesDoc = [
      { name: 'Centre', fee_minor: 500 },
      { name: 'North', fee_minor: 700 },
    ];
    const f = formFromAvailability(
      {
        ...DEFAULT_AVAILABILITY,
        delivery_windows: [
          { days: ['mon'], from: '10:00', to: '14:00', capacity: 5 }, // an older response: no `zones`
          { days: ['tue'], from: '10:00', to: '14:00', capacity: 3, zones: [] },
          { days: ['wed'], from: '10:00', to: '14:00', capacity: 2, zones: ['North', 'Centre', 'North'] },
        ],
        delivery_zones: zonesDoc,
      },
      'EUR',
    );
    const [centre, north] = f.delivery_zones.map((z) => z.key);
    expect(centre).not.toBe(north);
    expect(f.delivery_windows.map((w) => [w.allZones, w.zones])).toEqual([
      [true, []],
      [true, []],
      [false, [north, centre]],
    ]);
    // Sent in the zones' order, whatever order they were chosen in.
    expect(availabilityPayload(f, product).delivery_windows!.map((w) => w.zones)).toEqual([[], [], ['Centre', 'North']]);

    // Renaming a zone renames it in the windows that serve it.
    f.delivery_zones[1]!.name = ' Nord ';
    expect(availabilityPayload(f, product).delivery_windows![2]!.zones).toEqual(['Centre', 'Nord']);
    expect(validateAvailability(f, product)).toEqual({});
  });

  it('a name the zones do not have is dropped, and a window left with none asks for a zone', () => {
    const f = formFromAvailability(
      { ...DEFAULT_AVAILABILITY, delivery_windows: [{ days: ['mon'], from: '10:00', to: '14:00', capacity: 5, zones: ['Gone'] }], delivery_zones: [{ name: 'Centre', fee_minor: 0 }] },
      'EUR',
    );
    expect(f.delivery_windows[0]).toMatchObject({ allZones: false, zones: [] });
    expect(validateAvailability(f, product)).toEqual({ 'delivery_windows.0.zones': 'calendar.errors.zones' });
  });

  it('toggles zones of a window: from all zones to one, the last one off is all zones again', () => {
    let w = newWindow();
    expect(w).toMatchObject({ allZones: true, zones: [] });
    w = toggleWindowZone(w, 'a');
    expect(w).toMatchObject({ allZones: false, zones: ['a'] });
    w = toggleWindowZone(w, 'b');
    expect(w).toMatchObject({ allZones: false, zones: ['a', 'b'] });
    w = toggleWindowZone(toggleWindowZone(w, 'a'), 'b');
    expect(w).toMatchObject({ allZones: true, zones: [] });
  });

  it('deleting a zone drops it from the windows; a window left with no zone is an error, not "all zones"', () => {
    const f = formFromAvailability(
      {
        ...DEFAULT_AVAILABILITY,
        delivery_windows: [
          { days: ['mon'], from: '10:00', to: '14:00', capacity: 5, zones: ['North'] },
          { days: ['tue'], from: '10:00', to: '14:00', capacity: 5, zones: ['Centre', 'North'] },
          { days: ['wed'], from: '10:00', to: '14:00', capacity: 5 },
        ],
        delivery_zones: [
          { name: 'Centre', fee_minor: 0 },
          { name: 'North', fee_minor: 0 },
        ],
      },
      'EUR',
    );
    const centre = f.delivery_zones[0]!.key;
    const g = removeZone(f, 1);
    expect(g.delivery_zones.map((z) => z.name)).toEqual(['Centre']);
    expect(g.delivery_windows.map((w) => [w.allZones, w.zones])).toEqual([
      [false, []],
      [false, [centre]],
      [true, []],
    ]);
    expect(validateAvailability(g, product)).toEqual({ 'delivery_windows.0.zones': 'calendar.errors.zones' });
    // With no zone left there is nothing to choose: every window serves all zones.
    const h = removeZone(g, 0);
    expect(h.delivery_windows.every((w) => w.allZones && w.zones.length === 0)).toBe(true);
    expect(validateAvailability(h, product)).toEqual({});
    expect(availabilityPayload(h, product).delivery_windows!.map((w) => w.zones)).toEqual([[], [], []]);
  });

  it('refuses two windows starting at the same time on a shared day for a shared zone (as the server)', () => {
    const doc = (zones: [string[] | undefined, string[] | undefined], days: [Weekday[], Weekday[]] = [['mon', 'tue'], ['tue']], from = '10:00') =>
      formFromAvailability(
        {
          ...DEFAULT_AVAILABILITY,
          delivery_windows: [
            { days: days[0], from: '10:00', to: '14:00', capacity: 5, ...(zones[0] ? { zones: zones[0] } : {}) },
            { days: days[1], from, to: '16:00', capacity: 5, ...(zones[1] ? { zones: zones[1] } : {}) },
          ],
          delivery_zones: [
            { name: 'Centre', fee_minor: 0 },
            { name: 'North', fee_minor: 0 },
          ],
        },
        'EUR',
      );
    const clash = { 'delivery_windows.1.from': 'calendar.errors.sameStart' };
    expect(validateAvailability(doc([['Centre'], ['Centre', 'North']]), product)).toEqual(clash);
    expect(validateAvailability(doc([undefined, ['North']]), product)).toEqual(clash); // all zones share every zone
    expect(validateAvailability(doc([['Centre'], undefined]), product)).toEqual(clash);
    expect(validateAvailability(doc([undefined, undefined]), product)).toEqual(clash);
    // Different zones, different days or a different start: fine.
    expect(validateAvailability(doc([['Centre'], ['North']]), product)).toEqual({});
    expect(validateAvailability(doc([undefined, undefined], [['mon'], ['tue']]), product)).toEqual({});
    expect(validateAvailability(doc([undefined, undefined], undefined, '10:30'), product)).toEqual({});
    // Without zones at all, every window serves everyone.
    const f = doc([['Centre'], ['North']]);
    expect(validateAvailability(removeZone(removeZone(f, 1), 0), product)).toEqual(clash);
  });

  it('maps the server field names onto form fields', () => {
    expect(normalizeField('delivery_windows[1].to')).toBe('delivery_windows.1.to');
    expect(normalizeField('delivery_windows[2].zones')).toBe('delivery_windows.2.zones');
    const zoneErr = new ApiError(400, 'invalid_argument', 'unknown delivery zone Gone', { field: 'delivery_windows[2].zones' });
    expect(errorUnder(mapAvailabilityErrors(zoneErr), 'delivery_windows.2.zones')).toBe('unknown delivery zone Gone');
    expect(normalizeField('weekly/mon')).toBe('weekly.mon');
    expect(normalizeField('slot_minutes')).toBe('slot_minutes');
    const err = new ApiError(400, 'invalid_argument', 'delivery_zones[0].name: zone names must be unique', { field: 'delivery_zones[0].name' });
    const mapped = mapAvailabilityErrors(err);
    expect(mapped).toEqual({ 'delivery_zones.0.name': 'delivery_zones[0].name: zone names must be unique' });
    expect(errorUnder(mapped, 'delivery_zones.0')).toBe('delivery_zones[0].name: zone names must be unique');
    expect(errorUnder({ 'weekly.mon': 'bad' }, 'weekly.mon')).toBe('bad');
    expect(errorUnder({ 'weekly.mon': 'bad' }, 'weekly.tue')).toBeUndefined();
  });
});
