// The README's journey ("Trying it out", steps 1-9) through a TypeScript client generated from the committed spec
// (openapi-generator typescript-fetch, default options), compiled with `tsc --strict`: only generated methods and
// models, no casts, no non-null assertions. Used by the "client" section of .ci/run.
//
// Usage: node walk.js <base URL> <admin username> <admin password>
import {
    AdministrationApi, ApplicationsApi, AuthenticationApi, CatalogueApi, CertificatesApi, Configuration, MeApi, ResponseError,
} from './generated';

const [base, adminUser, adminPassword] = process.argv.slice(2);
if (!base || !adminUser || !adminPassword) {
    console.error('usage: node walk.js <base URL> <admin username> <admin password>');
    process.exit(2);
}

const PHONE = '13800000001'; // 张伟, a demo person (README)

function as(token?: string): Configuration {
    return new Configuration({ basePath: base, accessToken: token });
}

function check(condition: boolean, what: string): void {
    if (!condition) {
        throw new Error(`walk: ${what}`);
    }
    console.log(`ok: ${what}`);
}

async function main(): Promise<void> {
    // 1-3: sign in with a code from the development SMS outbox, read as the admin
    const admin = await new AuthenticationApi(as()).loginStaff({
        staffLoginRequest: { username: adminUser, password: adminPassword },
    });
    const challenge = await new AuthenticationApi(as()).requestOtp({ otpRequest: { phone: PHONE } });
    const outbox = await new AdministrationApi(as(admin.accessToken)).listSmsOutboxMessages({ phone: PHONE });
    const code = outbox.items[0]?.text?.match(/(?<![0-9])[0-9]{6}(?![0-9])/)?.[0];
    check(code !== undefined, 'the sign-in code is in the development SMS outbox');
    const signIn = await new AuthenticationApi(as()).verifyOtp({
        otpVerification: { challengeId: challenge.challengeId, code: code ?? '' },
    });
    check(signIn.accessToken.length > 0, 'signed in with the code (TokenPair.accessToken is required)');

    // 4: L2 by name and ID number; the answer carries a fresh token pair
    const verified = await new MeApi(as(signIn.accessToken)).verifyIdentity({
        identityClaim: { name: '张伟', idNumber: '500103198803120516' },
    });
    check(verified.profile.assuranceLevel === 'L2', 'the identity check raised the account to L2');
    const me = new MeApi(as(verified.tokens.accessToken));
    const household = await me.getMyHousehold();
    check(household.members.length > 0, `the household ${household.householdNumber} lists its members`);

    // 6-8: a birth registration with the service's example form, submitted with consent to data sharing
    const service = await new CatalogueApi(as()).getService({ code: 'BIRTH_REGISTRATION' });
    const examples = service.formSchema?.['examples'];
    check(Array.isArray(examples) && examples.length > 0, 'the service publishes an example form');
    const applications = new ApplicationsApi(as(verified.tokens.accessToken));
    const created = await applications.createApplicationRaw({
        createApplication: { serviceCode: 'BIRTH_REGISTRATION', form: Array.isArray(examples) ? examples[0] : {} },
    });
    const draft = await created.value();
    const etag = created.raw.headers.get('ETag');
    check(draft.status === 'DRAFT' && etag !== null, 'a DRAFT with its ETag');
    const submitted = await applications.submitApplication({
        id: draft.id, ifMatch: etag ?? '', submitApplication: { consentToDataSharing: true },
    });
    check(submitted.status !== 'DRAFT', `submitted: ${submitted.status}`);

    // 9: the officer of the handling station accepts and approves, each with the ETag of the last answer
    const officer = await new AuthenticationApi(as()).loginStaff({
        staffLoginRequest: { username: 'officer.50010301', password: 'demo-password-2026' },
    });
    const desk = new ApplicationsApi(as(officer.accessToken));
    const queue = await desk.listOfficerQueue();
    check(queue.items.some((item) => item.id === draft.id), 'the application is in the officer\'s queue');
    const opened = await desk.getApplicationRaw({ id: draft.id });
    const accepted = await desk.acceptApplicationRaw({
        id: draft.id, ifMatch: opened.raw.headers.get('ETag') ?? '', transitionComment: {},
    });
    check((await accepted.value()).status === 'ACCEPTED', 'accepted');
    const approved = await desk.approveApplication({
        id: draft.id, ifMatch: accepted.raw.headers.get('ETag') ?? '', transitionComment: {},
    });
    check(approved.status === 'APPROVED' || approved.status === 'COMPLETED', `approved: ${approved.status}`);
    const certificate = await new CertificatesApi(as(verified.tokens.accessToken)).getCertificate({ id: draft.id });
    check(certificate.id.length > 0, 'the citizen has the certificate');

    // what a citizen reads afterwards
    const notifications = await me.listNotifications();
    check(Array.isArray(notifications.items), `${notifications.items.length} notification(s)`);
    const accessLog = await me.listDataAccessRecords();
    check(Array.isArray(accessLog.items), `${accessLog.items.length} data-access record(s)`);
    const keys = await new AuthenticationApi(as()).getJwks();
    check(keys.keys.length > 0, 'the JWKS has keys');
}

main().then(() => console.log('walk: the generated TypeScript client walked the journey'), async (error: unknown) => {
    if (error instanceof ResponseError) {
        console.error(`walk: ${error.response.status} ${await error.response.text()}`);
    } else {
        console.error(error);
    }
    process.exit(1);
});
