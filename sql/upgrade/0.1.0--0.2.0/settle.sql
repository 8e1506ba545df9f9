-- 0.1.0's settle() asked _booked_obligations() which of its obligations the
-- ledger held; the ledger pieces now supersede booked obligations
-- themselves, so the helper is gone.
DROP FUNCTION IF EXISTS ecocomp._booked_obligations(bigint[]);
