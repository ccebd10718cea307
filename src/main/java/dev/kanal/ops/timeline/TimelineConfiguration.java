package dev.kanal.ops.timeline;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class TimelineConfiguration {

    @Bean
    OrderTimeline orderTimeline(JdbcTemplate jdbc) {
        return new OrderTimeline(jdbc);
    }
}
