-- Web chat visitors are named "Visitor 4A8L" when their contact is created (the last four characters
-- of the visitor id, upper-cased: the code the inbox has always shown; see conversations::VisitorName).
-- This names the visitors created before, and copies the name onto their orders (with the order's
-- search text) and bookings that were written without one. Visitor ids are letters and digits only, so
-- the last four characters are the last four letters or digits. Names a visitor gave are kept.
UPDATE contacts SET display_name = 'Visitor ' || UPPER(SUBSTR(external_id, -4))
 WHERE channel_kind = 'webchat' AND display_name = '' AND external_id <> '';

UPDATE orders
   SET customer_name = (SELECT ct.display_name FROM contacts ct WHERE ct.id = orders.contact_id),
       search_text = LOWER((SELECT ct.display_name FROM contacts ct WHERE ct.id = orders.contact_id)) ||
                     search_text
 WHERE customer_name = ''
   AND contact_id IN (SELECT id FROM contacts WHERE channel_kind = 'webchat' AND display_name <> '');

UPDATE bookings
   SET customer_name = (SELECT ct.display_name FROM contacts ct WHERE ct.id = bookings.contact_id)
 WHERE customer_name = ''
   AND contact_id IN (SELECT id FROM contacts WHERE channel_kind = 'webchat' AND display_name <> '');
