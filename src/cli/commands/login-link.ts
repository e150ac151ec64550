/**
 * `npm run pufa -- login-link <人员>`: a one-time login link to the web pages for a person (by id, platform
 * account, 工号 or unique name), for desktop browsers outside WeCom and DingTalk. Valid 10 minutes, used once;
 * its origin is PUBLIC_URL. The URL is the last word of the output, so scripts can take it.
 */
import { isAppError } from '../../core/errors.js';
import { findPerson } from '../../directory/admin/find.js';
import type { CommandSpec } from '../commands.js';

export const loginLinkCommand: CommandSpec = {
  usage: 'login-link <person or platform userid>',
  summary: 'print a one-time login link to the web pages (valid 10 minutes, used once; origin PUBLIC_URL)',
  needsStore: true,
  async run(args, { deps, io }) {
    const who = args.positional.join(' ').trim();
    if (!who) {
      io.out('用法：login-link <人员编号、平台账号、工号或姓名>');
      return 2;
    }
    const found = findPerson(who, await deps!.store.listPeople());
    if (!found.ok) {
      io.out(found.reason);
      return 1;
    }
    const person = found.value;
    if (!person.active) {
      io.out(`${person.name} 已不在学习名单中（离职或停用），不能登录。`);
      return 1;
    }
    try {
      const { url } = await deps!.auth.issueLink(person, 'cli');
      const department = (await deps!.store.listDepartments()).find((d) => d.id === person.departmentId)?.name;
      io.out(`${person.name}${department ? `（${department}）` : ''}的网页登录链接，10 分钟内有效，只能使用一次：`);
      io.out(url);
      return 0;
    } catch (err) {
      if (isAppError(err, 'auth.rate_limited')) {
        io.out('该人员一小时内获取登录链接已达 5 次，请稍后再试。');
        return 1;
      }
      throw err;
    }
  },
};
