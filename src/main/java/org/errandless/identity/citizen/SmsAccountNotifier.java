package org.errandless.identity.citizen;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.errandless.notifications.MessagePurpose;
import org.errandless.notifications.Outbox;

import io.quarkus.arc.DefaultBean;

/** Tells an account's phone by SMS (through the outbox, in the caller's transaction) that its identity moved away. */
@ApplicationScoped
@DefaultBean
public class SmsAccountNotifier implements AccountNotifier {

    static final String IDENTITY_MOVED_TEXT = "【重庆户籍】您账号的实名身份已通过人脸核验转移到另一个手机号，本账号已退出登录。"
            + "如非本人操作，请联系户籍窗口。";

    private final Outbox outbox;

    @Inject
    public SmsAccountNotifier(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public void identityMovedAway(UUID accountId, String phone) {
        outbox.enqueueSms(phone, IDENTITY_MOVED_TEXT, MessagePurpose.IDENTITY_MOVED);
    }
}
