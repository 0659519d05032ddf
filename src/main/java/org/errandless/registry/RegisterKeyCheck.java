package org.errandless.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.common.crypto.PersonalDataException;
import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;

/**
 * Refuses to run on a register written under another data key. Without this check a lost or changed key would not
 * fail loudly: every blind-index lookup would just find nobody and every decryption would fail at request time.
 */
@ApplicationScoped
class RegisterKeyCheck {

    @Inject
    DataSource dataSource;
    @Inject
    PersonalDataProtector protector;

    void verify() {
        // one read on a connection of its own: no transaction and no Hibernate session at start-up for a sample row
        String cipher;
        String hash;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection
                        .prepareStatement("select id_number_cipher, id_number_hash from person limit 1");
                ResultSet sample = query.executeQuery()) {
            if (!sample.next()) {
                return;
            }
            cipher = sample.getString(1);
            hash = sample.getString(2);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read a sample of the population register", e);
        }
        try {
            String idNumber = protector.decrypt(PersonalDataKind.ID_NUMBER, cipher);
            if (protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber).equals(hash)) {
                return;
            }
        } catch (PersonalDataException e) {
            // reported below, without the cause's details
        }
        throw new IllegalStateException("The stored population register cannot be read with the configured data key. "
                + "Configure the key it was written with (ERRANDLESS_DATA_KEY, or the errandless.data-key-file of "
                + "dev/demo); for throwaway dev/demo data, delete the embedded data directory (.errandless/) instead.");
    }
}
