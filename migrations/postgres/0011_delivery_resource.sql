-- The capacity counter a booking took (slot_load.resource): the item id of an appointment, "delivery"
-- for a delivery window of every zone, "delivery:<zone>" for a window that lists its zones. Rows written
-- before this migration keep '' and count as their kind's old resource (docs/design/scheduling.md).
ALTER TABLE bookings ADD COLUMN resource TEXT NOT NULL DEFAULT '';
