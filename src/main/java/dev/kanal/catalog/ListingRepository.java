package dev.kanal.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ListingRepository extends JpaRepository<Listing, Long> {

    /** Import upsert key. */
    Optional<Listing> findByChannelAccountIdAndChannelListingId(Long channelAccountId, String channelListingId);

    /** Order translation: channel SKU on an order line -> listing(s); not unique on every channel. */
    List<Listing> findByChannelAccountIdAndChannelSku(Long channelAccountId, String channelSku);
}
