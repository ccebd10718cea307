package dev.kanal.client;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ChannelAccountRepository extends JpaRepository<ChannelAccount, Long> {

    /** Resolves the (client id, account code) pair that messages and config files carry. */
    Optional<ChannelAccount> findByClientCodeAndCode(String clientCode, String code);

    Optional<ChannelAccount> findByClientIdAndCode(Long clientId, String code);

    List<ChannelAccount> findByClientIdAndActiveTrue(Long clientId);
}
