-- When the channel confirmed a listing's last sent quantity, next to when the call carrying it
-- went out (last_sent_at). The two differ where the channel answers later than it is called:
-- a Back Market CSV task is confirmed once Back Market has processed it, which takes minutes.
ALTER TABLE listing_push ADD COLUMN last_confirmed_at TIMESTAMP WITH TIME ZONE;
