package org.errandless.common.problem;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Localised titles of the published problem codes (zh-CN by default, en on request).
 *
 * <p>A code without an entry falls back to the HTTP reason phrase, so a feature can add a code before its title.
 */
public final class ProblemTitles {

    private static final Map<String, String[]> TITLES = Map.ofEntries(
            title("validation-failed", "请求参数不合法", "Invalid request parameters"),
            title("malformed-request", "请求体无法解析", "Malformed request body"),
            title("unauthorized", "未登录或凭证无效", "Authentication required"),
            title("otp-invalid", "验证码错误", "Wrong verification code"),
            title("login-failed", "用户名或密码错误", "Wrong username or password"),
            title("forbidden", "无权访问", "Forbidden"),
            title("assurance-too-low", "实名认证等级不足", "Assurance level too low"),
            title("not-entitled-to-act", "无权代为办理", "Not entitled to act for this person"),
            title("minor-cannot-sign-in", "未满16周岁不能本人登录", "A child under 16 cannot sign in"),
            title("principal-not-adult", "委托人须为成年人", "Principal must be an adult"),
            title("principal-not-reachable", "无法联系委托人", "Principal cannot be reached"),
            title("authorisation-code-invalid", "授权码错误", "Wrong authorisation code"),
            title("authorisation-code-expired", "授权码已过期", "Authorisation code expired"),
            title("authorisation-code-locked", "授权码错误次数过多", "Authorisation code locked"),
            title("authorisation-not-pending", "授权不在待确认状态", "Authorisation not pending"),
            title("not-found", "资源不存在", "Not found"),
            title("service-not-found", "服务事项不存在", "Unknown service"),
            title("method-not-allowed", "不支持该请求方法", "Method not allowed"),
            title("not-acceptable", "无法提供所要求的格式", "Not acceptable"),
            title("payload-too-large", "请求体过大", "Payload too large"),
            title("document-too-large", "文件过大", "Document too large"),
            title("unsupported-media-type", "不支持的内容类型", "Unsupported media type"),
            title("document-type-not-allowed", "不支持的文件类型", "Document type not allowed"),
            title("invalid-transition", "当前状态不允许该操作", "Transition not allowed"),
            title("supplement-already-requested", "已一次性告知补正", "Supplement already requested"),
            title("evaluation-already-given", "已评价", "Evaluation already given"),
            title("rectification-already-closed", "整改已办结", "Rectification already closed"),
            title("re-rating-not-allowed", "整改办结后方可再次评价", "Re-rating not allowed yet"),
            title("re-rating-already-given", "已再次评价", "Re-rating already given"),
            title("appeal-not-allowed", "仅差评可申诉", "Appeal not allowed"),
            title("appeal-already-filed", "已提出申诉", "Appeal already filed"),
            title("appeal-already-decided", "申诉已裁决", "Appeal already decided"),
            title("slot-full", "该时段已约满", "Session fully booked"),
            title("slot-unavailable", "该时段不可预约", "Session not offered"),
            title("appointment-not-open", "当前不可预约", "No appointment to book now"),
            title("appointment-exists", "已有预约", "Appointment already booked"),
            title("appointment-too-late", "临近预约时间不可更改", "Too late to change the appointment"),
            title("appointment-not-booked", "预约结果已登记", "Appointment outcome already recorded"),
            title("attendance-too-early", "尚未到预约时间", "Too early to record attendance"),
            title("idempotency-key-in-flight", "相同请求正在处理中", "Request with this key in flight"),
            title("idempotency-answer-forgotten", "该请求的应答已过保留期", "Answer no longer kept"),
            title("upload-offset-mismatch", "上传偏移量不一致", "Upload offset mismatch"),
            title("identity-already-bound", "该身份已绑定其他账号", "Identity already bound"),
            title("document-in-use", "文件正在被使用", "Document in use"),
            title("certificate-already-revoked", "电子证照已被撤销", "Certificate already revoked"),
            title("username-taken", "用户名已被占用", "Username taken"),
            title("register-import-not-applied", "户籍导入尚未完成", "Register import not applied"),
            title("otp-expired", "验证码已过期", "Verification code expired"),
            title("upload-expired", "上传已过期", "Upload expired"),
            title("stale", "数据已被修改，请刷新后重试", "Stale representation"),
            title("tus-version-unsupported", "不支持的 tus 版本", "Unsupported tus version"),
            title("precondition-required", "缺少 If-Match 条件", "Precondition required"),
            title("id-number-invalid", "身份证号码不合法", "Invalid ID number"),
            title("identity-mismatch", "姓名与身份证号码不符", "Identity mismatch"),
            title("phone-not-registered-to-id", "手机号未登记在该身份证名下", "Phone not registered to ID"),
            title("materials-missing", "材料不齐全", "Materials missing"),
            title("consent-required", "需要授权共享数据", "Consent required"),
            title("form-invalid", "表单填写有误", "Form invalid"),
            title("applicant-not-eligible", "申请人不符合条件", "Applicant not eligible"),
            title("idempotency-key-reused", "幂等键已用于其他请求", "Idempotency key reused"),
            title("image-too-large", "图片像素过多", "Image too large"),
            title("document-quota-exceeded", "文件配额已用完", "Document quota exceeded"),
            title("document-infected", "文件含有恶意代码", "Document contains malware"),
            title("scan-unavailable", "病毒扫描暂时不可用", "Virus scanner unavailable"),
            title("insufficient-storage", "存储空间不足", "Insufficient storage"),
            title("storage-unavailable", "文件存储暂时不可用", "Document store unavailable"),
            title("range-not-satisfiable", "请求的范围超出文件", "Range not satisfiable"),
            title("purpose-required", "须说明查询目的", "Purpose required"),
            title("purpose-not-granted", "未获授权的查询目的", "Purpose not granted"),
            title("photo-unusable", "照片无法用于人脸核验", "Photo unusable"),
            title("face-mismatch", "人脸核验未通过", "Face verification failed"),
            title("otp-locked", "验证码错误次数过多", "Verification code locked"),
            title("account-locked", "账号已锁定", "Account locked"),
            title("mfa-required", "需要动态验证码", "Second factor required"),
            title("mfa-code-invalid", "动态验证码错误", "Wrong second-factor code"),
            title("mfa-challenge-invalid", "登录步骤已失效", "Sign-in step no longer valid"),
            title("mfa-already-enrolled", "已绑定动态验证码", "Second factor already enrolled"),
            title("mfa-enrolment-not-started", "尚未开始绑定动态验证码", "Enrolment not started"),
            title("mfa-not-enrolled", "未绑定动态验证码", "No second factor enrolled"),
            title("rate-limited", "请求过于频繁", "Too many requests"),
            title("quota-exceeded", "已超出配额", "Quota exceeded"),
            title("checksum-mismatch", "校验和不一致", "Checksum mismatch"),
            title("service-unavailable", "服务暂时不可用，请稍后重试", "Service temporarily unavailable"),
            title("verification-unavailable", "核验服务暂时不可用", "Verification service unavailable"),
            title("consent-missing", "迁入户户主尚未同意", "Consent of the receiving head missing"),
            title("consent-already-answered", "已答复，不能更改", "Consent request already answered"),
            title("consent-request-closed", "该征询已关闭", "Consent request closed"),
            title("internal-error", "服务器内部错误", "Internal server error"));

    private ProblemTitles() {
    }

    private static Map.Entry<String, String[]> title(String code, String zh, String en) {
        return Map.entry(code, new String[] { zh, en });
    }

    /** The title of a code in the best of the caller's languages (English only when preferred to Chinese). */
    public static String title(String code, List<Locale> acceptable, String fallback) {
        String[] titles = TITLES.get(code);
        if (titles == null) {
            return fallback;
        }
        return prefersEnglish(acceptable) ? titles[1] : titles[0];
    }

    /** Whether the first language the caller names that we have is English. */
    public static boolean prefersEnglish(List<Locale> acceptable) {
        for (Locale locale : acceptable) {
            String language = locale.getLanguage();
            if ("zh".equals(language)) {
                return false;
            }
            if ("en".equals(language)) {
                return true;
            }
        }
        return false;
    }
}
