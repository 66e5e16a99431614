import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { availabilityPayload, DEFAULT_AVAILABILITY, errorUnder, formFromAvailability, mapAvailabilityErrors, normalizeField, validateAvailability } from './availability';

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
    expect(f.delivery_zones[0]).toEqual({ name: 'Centre', fee: '5.00', freeOver: '50.00' });
    f.delivery_zones.push({ name: ' North ', fee: '7,5', freeOver: '' });
    const body = availabilityPayload(f, product);
    expect(body.delivery_windows).toEqual([{ days: ['mon', 'tue'], from: '10:00', to: '14:00', capacity: 5 }]);
    expect(body.delivery_zones).toEqual([
      { name: 'Centre', fee_minor: 500, free_over_minor: 5000 },
      { name: 'North', fee_minor: 750 },
    ]);
    f.delivery_windows.push({ days: [], from: '15:00', to: '12:00', capacity: '0' });
    f.delivery_zones.push({ name: '', fee: 'abc', freeOver: '-1' });
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

  it('maps the server field names onto form fields', () => {
    expect(normalizeField('delivery_windows[1].to')).toBe('delivery_windows.1.to');
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
