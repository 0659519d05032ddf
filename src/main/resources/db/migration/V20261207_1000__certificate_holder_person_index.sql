-- A citizen's export lists the certificates their account holds and those issued about their person on applications
-- a guardian or an authorised agent made for them (holder_person_id): the second half needs its own index.
CREATE INDEX certificate_holder_person_idx ON certificate (holder_person_id);
