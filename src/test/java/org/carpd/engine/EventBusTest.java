package org.carpd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.carpd.json.Json;
import org.junit.jupiter.api.Test;

/** Events reach the clients subscribed when they happen, numbered across the daemon's life. */
class EventBusTest {
    @Test
    void aClientSeesTheEventsAfterItSubscribedWithTheirSequenceNumbersCountingEarlierOnes() throws Exception {
        EventBus bus = new EventBus();
        bus.publish("transition", new Json().field("vhid", 1));
        bus.publish("transition", new Json().field("vhid", 2));
        try (EventBus.Subscription client = bus.subscribe()) {
            bus.publish("demotion", new Json().field("demotion", 240));
            String line = client.next(1000);
            assertThat(line).startsWith("{\"seq\":3,\"time\":\"").contains("\"type\":\"demotion\"", "\"demotion\":240")
                    .matches(".*\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\".*");
            assertThat(client.next(0)).isNull();
        }
        bus.publish("transition", new Json().field("vhid", 3));
        try (EventBus.Subscription later = bus.subscribe()) {
            bus.publish("transition", new Json().field("vhid", 4));
            assertThat(later.next(1000)).startsWith("{\"seq\":5,");
        }
    }
}
