import { describe, expect, it } from 'vitest';
import { createFieldCipher } from './cipher';
import { maskEmail, maskFreeText, maskIdNumber, maskName, maskPersonalFields, maskPersonalRecord, maskPhone, maskRecordText, personalDataOfTable, PersonalDataError } from './masking';
import { encryptPersonalFields, protectRejectedPayload } from './protect';

const cipher = createFieldCipher({ algorithm: 'sm4', key: Buffer.alloc(32, 7), keyId: 'k1' });

describe('masking one value', () => {
  it('names keep their first character', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('*');
    expect(maskName('阿依古丽·买买提')).toBe('阿*******');
    expect(maskName(' John Smith ')).toBe('J***');
    expect(maskName('zhangsan01')).toBe('z***');
    // The unit in front of the person who filled in a form stays readable.
    expect(maskName('上城区数据资源管理局 王敏')).toBe('上城区数据资源管理局 王*');
    expect(maskName('')).toBe('');
  });

  it('mobile numbers keep the first 3 and last 4 digits, landlines the area code and last 4', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('0571-87654321')).toBe('0571-****4321');
    expect(maskPhone('(010)6512345')).toBe('010-***2345');
    expect(maskPhone('02166778899')).toBe('021-****8899');
    expect(maskPhone('057187654321')).toBe('0571-****4321');
    expect(maskPhone('12345')).toBe('*2345');
    expect(maskPhone('110')).toBe('****');
  });

  it('ID numbers keep the first 6 (region) and last 4 characters, hiding the birth date', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
    expect(maskIdNumber('12345')).toBe('*****');
  });

  it('e-mail addresses keep the first character and the domain', () => {
    expect(maskEmail('zhangsan@example.com')).toBe('z***@example.com');
  });
});

describe('masking free text', () => {
  it('masks mobile numbers, landlines, ID numbers and e-mail addresses inside Chinese text', () => {
    expect(maskFreeText('我的电话是13812345678，请尽快回电。')).toBe('我的电话是138****5678，请尽快回电。');
    expect(maskFreeText('身份证号11010519491231002x，邮箱 zhangsan@example.com')).toBe('身份证号110105********002X，邮箱 z***@example.com');
    expect(maskFreeText('联系：+86 138 1234 5678 或 0571-87654321')).toBe('联系：138****5678 或 0571-****4321');
    expect(maskFreeText('全角号码１３８１２３４５６７８也要遮盖')).toBe('全角号码138****5678也要遮盖');
  });

  it('leaves other numbers alone', () => {
    const text = '办件编号SC2025070300127，排队 45 分钟，12345 热线，金额 1380.00 元，订单 138123456789012345678。';
    expect(maskFreeText(text)).toBe(text);
    expect(maskFreeText('不动产登记预约页面一直显示“暂无号源”')).toBe('不动产登记预约页面一直显示“暂无号源”');
  });
});

describe('masking records', () => {
  const feedback = { feedback_id: 'FK-1', contact_name: '张三丰', contact_phone: '13812345678', contact_id_number: '11010519491231002X', content: '回电13912345678', org_unit: '330102' };

  it('masks by kind, free text too, and keeps the other fields', () => {
    expect(maskPersonalFields('feedback', feedback)).toEqual({
      feedback_id: 'FK-1',
      contact_name: '张**',
      contact_phone: '138****5678',
      contact_id_number: '110105********002X',
      content: '回电139****5678',
      org_unit: '330102',
    });
    expect(maskPersonalFields('feedback', { ...feedback, contact_phone: null })).toMatchObject({ contact_phone: null });
    expect(maskPersonalFields('handling-records', { applicant_key: 'h:9f2c', trips: 1 })).toEqual({ applicant_key: '***', trips: 1 });
    expect(maskPersonalFields('org-units', { code: '330102', name: '上城区' })).toEqual({ code: '330102', name: '上城区' });
  });

  it('decrypts what is stored encrypted, and masks it unless unmasked', () => {
    const stored = encryptPersonalFields('feedback', feedback, cipher);
    expect(stored.contact_phone).toMatch(/^gp1\.sm4\.k1\./);
    expect(stored.content).toBe(feedback.content);
    expect(maskPersonalFields('feedback', stored, { cipher })).toMatchObject({ contact_name: '张**', contact_phone: '138****5678', contact_id_number: '110105********002X' });
    expect(maskPersonalFields('feedback', stored, { cipher, unmask: true })).toEqual(feedback);
    // Without the key, encrypted values can only be hidden; unmasking them is impossible.
    expect(maskPersonalFields('feedback', stored)).toMatchObject({ contact_name: '***', contact_phone: '***' });
    expect(() => maskPersonalFields('feedback', stored, { unmask: true })).toThrow(PersonalDataError);
  });

  it('refuses to encrypt without a cipher, rather than storing plaintext', () => {
    expect(() => encryptPersonalFields('feedback', feedback, undefined)).toThrow(/feedback record has personal data \(contact_name, contact_phone, contact_id_number\) but no field cipher/);
    const anonymous = { ...feedback, contact_name: null, contact_phone: null, contact_id_number: undefined };
    expect(encryptPersonalFields('feedback', anonymous, undefined)).toBe(anonymous);
  });

  it('protects refused records: fields of an object, an unreadable text as a whole', () => {
    const raw = { ...feedback, contact_phone: 13812345678 };
    const kept = protectRejectedPayload('feedback', raw, cipher) as Record<string, unknown>;
    expect(cipher.decrypt(kept.contact_phone as string)).toBe('13812345678');
    const line = '{"feedback_id":"FK-2","contact_phone":"13812345678",';
    const text = protectRejectedPayload('feedback', line, cipher) as string;
    expect(cipher.isEnvelope(text)).toBe(true);
    expect(maskRecordText('feedback', text, { cipher })).toBe('{"feedback_id":"FK-2","contact_phone":"138****5678",');
    expect(maskRecordText('feedback', text, { cipher, unmask: true })).toBe(line);
    expect(maskRecordText('feedback', '{"contact_name": "张三丰", "x', {})).toBe('{"contact_name": "张**", "x');
    expect(() => protectRejectedPayload('feedback', line, undefined)).toThrow(PersonalDataError);
    expect(protectRejectedPayload('ratings', line, undefined)).toBe(line);
  });

  it('knows the personal data of each fact table', () => {
    expect(personalDataOfTable('feedback').personal).toEqual({ contact_name: 'name', contact_phone: 'phone', contact_id_number: 'id_number' });
    expect(personalDataOfTable('manual_submissions').personal).toEqual({ submitted_by: 'name' });
    expect(personalDataOfTable('ratings').freeText).toEqual(['comment']);
    expect(personalDataOfTable('ops_incidents')).toEqual({ personal: {}, freeText: [], pseudonymous: [] });
    expect(maskPersonalRecord(personalDataOfTable('manual_submissions'), { submitted_by: '拱墅区数据资源管理局 李强' })).toEqual({ submitted_by: '拱墅区数据资源管理局 李*' });
  });
});
