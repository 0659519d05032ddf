-- Form schemas as catalogue data: each service's application form as a JSON Schema (draft 2020-12), published in
-- GET /services/{code} as formSchema and used as is to validate forms on submission, so the two cannot drift.
-- examples[0] of each is valid and fits the demo household of 张伟 (5001030100001); admins may change schemas later.

ALTER TABLE service_item ADD COLUMN form_schema jsonb
    CHECK (form_schema IS NULL OR (jsonb_typeof(form_schema) = 'object' AND form_schema ->> 'type' = 'object'));

UPDATE service_item SET updated_at = now(), form_schema = $form$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "出生登记申请表",
  "description": "Registers a newborn in the applicant's household. The applicant is a parent: the head or the spouse (the child becomes SON/DAUGHTER of the head) or a son or daughter of the head (the child becomes GRANDSON/GRANDDAUGHTER). The newborn gets a generated ID number on approval. Beyond this schema, submission checks that childBirthDate is not in the future and not more than one year before today (Asia/Shanghai); an older child is registered at the station (补录). Example: 张伟 (head of demo household 5001030100001) registers his daughter 张小满; the mother is his spouse 李娜 in the same household.",
  "type": "object",
  "properties": {
    "childName": {
      "title": "新生儿姓名",
      "description": "The child's name as it will be registered, 1 to 50 characters, not blank",
      "type": "string",
      "minLength": 1,
      "maxLength": 50,
      "pattern": "\\S"
    },
    "childSex": {
      "title": "性别",
      "description": "M (male) or F (female)",
      "type": "string",
      "enum": [
        "M",
        "F"
      ]
    },
    "childBirthDate": {
      "title": "出生日期",
      "description": "Date of birth (YYYY-MM-DD, Asia/Shanghai): not in the future and not more than one year before today",
      "type": "string",
      "format": "date"
    },
    "childEthnicity": {
      "title": "民族",
      "description": "One of the 56 ethnic groups (GB/T 3304); 汉族 when left out",
      "type": "string",
      "enum": [
        "汉族",
        "蒙古族",
        "回族",
        "藏族",
        "维吾尔族",
        "苗族",
        "彝族",
        "壮族",
        "布依族",
        "朝鲜族",
        "满族",
        "侗族",
        "瑶族",
        "白族",
        "土家族",
        "哈尼族",
        "哈萨克族",
        "傣族",
        "黎族",
        "傈僳族",
        "佤族",
        "畲族",
        "高山族",
        "拉祜族",
        "水族",
        "东乡族",
        "纳西族",
        "景颇族",
        "柯尔克孜族",
        "土族",
        "达斡尔族",
        "仫佬族",
        "羌族",
        "布朗族",
        "撒拉族",
        "毛南族",
        "仡佬族",
        "锡伯族",
        "阿昌族",
        "普米族",
        "塔吉克族",
        "怒族",
        "乌孜别克族",
        "俄罗斯族",
        "鄂温克族",
        "德昂族",
        "保安族",
        "裕固族",
        "京族",
        "塔塔尔族",
        "独龙族",
        "鄂伦春族",
        "赫哲族",
        "门巴族",
        "珞巴族",
        "基诺族"
      ],
      "default": "汉族"
    }
  },
  "required": [
    "childName",
    "childSex",
    "childBirthDate"
  ],
  "additionalProperties": false,
  "examples": [
    {
      "childName": "张小满",
      "childSex": "F",
      "childBirthDate": "2026-09-20",
      "childEthnicity": "汉族"
    }
  ]
}
$form$::jsonb WHERE code = 'BIRTH_REGISTRATION';

UPDATE service_item SET updated_at = now(), form_schema = $form$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "户口迁入申请表",
  "description": "Moves the applicant into another household of the Chongqing register (home purchase or joining relatives). The receiving household's station decides. The target must exist and must not be the applicant's own household; the head of a household with other active members cannot leave it before a new head is designated. Example: 李娜 (spouse in 张伟's demo household 5001030100001) moves into demo household 5001060100001 of 刘秀英 (沙坪坝区) as her daughter.",
  "type": "object",
  "properties": {
    "targetHouseholdNumber": {
      "title": "迁入户户号",
      "description": "The household number (户号) of the receiving household, as on its register, not the applicant's own",
      "type": "string",
      "minLength": 1,
      "maxLength": 20,
      "pattern": "^[0-9A-Za-z]+$"
    },
    "relationshipToHead": {
      "title": "与迁入户户主关系",
      "description": "The applicant's relationship to the head of the receiving household (not HEAD while it has one)",
      "type": "string",
      "enum": [
        "SPOUSE",
        "SON",
        "DAUGHTER",
        "FATHER",
        "MOTHER",
        "GRANDSON",
        "GRANDDAUGHTER",
        "GRANDFATHER",
        "GRANDMOTHER",
        "SON_IN_LAW",
        "DAUGHTER_IN_LAW",
        "BROTHER",
        "SISTER",
        "OTHER"
      ]
    }
  },
  "required": [
    "targetHouseholdNumber",
    "relationshipToHead"
  ],
  "additionalProperties": false,
  "examples": [
    {
      "targetHouseholdNumber": "5001060100001",
      "relationshipToHead": "DAUGHTER"
    }
  ]
}
$form$::jsonb WHERE code = 'MOVE_IN';

UPDATE service_item SET updated_at = now(), form_schema = $form$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "户籍证明申请表",
  "description": "Issues a household-registration certificate (e-certificate) of the applicant's household at once. Example: 张伟 (head of demo household 5001030100001) needs it for his son's school enrolment.",
  "type": "object",
  "properties": {
    "purpose": {
      "title": "证明用途",
      "description": "What the certificate is for, 1 to 100 characters, e.g. 办理入学; printed on the certificate",
      "type": "string",
      "minLength": 1,
      "maxLength": 100,
      "pattern": "\\S"
    }
  },
  "required": [
    "purpose"
  ],
  "additionalProperties": false,
  "examples": [
    {
      "purpose": "办理入学"
    }
  ]
}
$form$::jsonb WHERE code = 'HOUSEHOLD_CERTIFICATE';

UPDATE service_item SET updated_at = now(), form_schema = $form$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "居民身份证换领申请表",
  "description": "Orders a new resident ID card for the applicant; approval records the card order, and the application is completed when the card is handed over. Example: 张伟 (head of demo household 5001030100001) renews his expired card.",
  "type": "object",
  "properties": {
    "reason": {
      "title": "换领原因",
      "description": "EXPIRED (有效期满), DAMAGED (损坏), LOST (遗失), DETAILS_CHANGED (登记项目变更)",
      "type": "string",
      "enum": [
        "EXPIRED",
        "DAMAGED",
        "LOST",
        "DETAILS_CHANGED"
      ]
    }
  },
  "required": [
    "reason"
  ],
  "additionalProperties": false,
  "examples": [
    {
      "reason": "EXPIRED"
    }
  ]
}
$form$::jsonb WHERE code = 'ID_CARD_RENEWAL';

UPDATE service_item SET updated_at = now(), form_schema = $form$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "住址变更申请表",
  "description": "Changes the address of the applicant's household; the register keeps the history. Example: 张伟 (head of demo household 5001030100001) registers the family's new home in 渝中区.",
  "type": "object",
  "properties": {
    "newAddress": {
      "title": "新住址",
      "description": "The full new address, 1 to 200 characters, not blank",
      "type": "string",
      "minLength": 1,
      "maxLength": 200,
      "pattern": "\\S"
    }
  },
  "required": [
    "newAddress"
  ],
  "additionalProperties": false,
  "examples": [
    {
      "newAddress": "重庆市渝中区八一路208号(demo)"
    }
  ]
}
$form$::jsonb WHERE code = 'ADDRESS_CHANGE';

UPDATE service_item SET updated_at = now(), form_schema = $form$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "死亡注销申请表",
  "description": "Deregisters a member of the applicant's household after death; the person becomes DECEASED. The deceased must be an ACTIVE member of the applicant's own household and not the applicant. Beyond this schema, submission checks that dateOfDeath is not in the future (Asia/Shanghai). Example: 张伟 (head of demo household 5001030100001) reports the death of 张子轩, a member of his household, by the register id (the `id` of the member in GET /me/household).",
  "type": "object",
  "properties": {
    "deceasedPersonId": {
      "title": "死者",
      "description": "The register id of the deceased (the member's `id` in GET /me/household), not an ID number",
      "type": "string",
      "format": "uuid"
    },
    "dateOfDeath": {
      "title": "死亡日期",
      "description": "Date of death (YYYY-MM-DD, Asia/Shanghai), not in the future",
      "type": "string",
      "format": "date"
    }
  },
  "required": [
    "deceasedPersonId",
    "dateOfDeath"
  ],
  "additionalProperties": false,
  "examples": [
    {
      "deceasedPersonId": "5519c663-f094-3857-97fa-5a99f23586a7",
      "dateOfDeath": "2026-09-25"
    }
  ]
}
$form$::jsonb WHERE code = 'DEATH_DEREGISTRATION';
