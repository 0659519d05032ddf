package org.errandless.sharing.providers;

import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.errandless.catalog.SourceDepartment;
import org.errandless.common.http.OutboundJsonClient;
import org.errandless.support.ProviderStub;

/** Http adapters of the partner departments pointed at a local {@link ProviderStub}, for tests. */
public final class SharedDataStubs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SharedDataStubs() {
    }

    /**
     * The http adapter of a department against the stub.
     *
     * @param calls the guarded calls bean (fault tolerance active) or {@code new SharedDataCalls()} (protocol only)
     */
    public static HttpSharedDataProvider provider(SourceDepartment department, ProviderStub stub,
            SharedDataCalls calls, Duration readTimeout) {
        return new HttpSharedDataProvider(department, new OutboundJsonClient(department + " test service",
                stub.baseUri(), ProviderStub.API_KEY, Duration.ofSeconds(2), readTimeout, JSON), calls, JSON);
    }

    public static HttpSharedDataProvider provider(SourceDepartment department, ProviderStub stub,
            SharedDataCalls calls) {
        return provider(department, stub, calls, Duration.ofSeconds(5));
    }
}
