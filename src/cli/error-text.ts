/**
 * What an operator is told when a command or the start fails: one Chinese message with the error's code,
 * never an English message or a stack trace. AppErrors are described from their code and details; the
 * file system's errors (ENOENT, EACCES…) name the path; anything else is an internal error, whose details
 * go to a log the caller writes. Pure.
 */
import { isAppError } from '../core/errors.js';

export interface ErrorText {
  /** The AppError code, the system error code (ENOENT) or `internal`. */
  readonly code: string;
  /** Chinese, with what to do. */
  readonly text: string;
  /** True when nothing better than "内部错误" can be said: the caller keeps the stack for the developers. */
  readonly internal: boolean;
}

const HAS_CHINESE = /[\u4e00-\u9fff]/;

/** Messages that are already written for the operator (Chinese). */
const chineseOr = (message: string, fallback: string) => (HAS_CHINESE.test(message) ? message : fallback);

function appErrorText(code: string, message: string, details: Readonly<Record<string, unknown>>): string {
  const file = typeof details.file === 'string' ? details.file : undefined;
  switch (code) {
    case 'config.invalid':
      return chineseOr(message, '配置有误，请对照 .env.example 检查企业微信、钉钉的各项设置。');
    case 'store.locked': {
      const owner =
        typeof details.ownerPid === 'number'
          ? `（进程号 ${details.ownerPid}${typeof details.ownerHost === 'string' ? `，主机 ${details.ownerHost}` : ''}）`
          : '';
      const dir = typeof details.dataDir === 'string' ? ` ${details.dataDir} ` : '';
      return `数据目录${dir}正被另一个 pufa-bot 进程使用${owner}。请先停止那个进程；服务运行时，命令行的命令会自动交给它执行。`;
    }
    case 'store.corrupt':
      return `数据目录中的文件${file ? ` ${file} ` : ''}已损坏，为避免丢失数据没有打开。请从备份恢复该文件，详见 README“故障与恢复”。`;
    case 'store.missing':
      return `数据目录中缺少文件${file ? ` ${file}` : ''}，无法完整恢复数据，没有打开。请从备份恢复，详见 README“故障与恢复”。`;
    case 'bank.invalid': {
      const n = Array.isArray(details.errors) ? details.errors.length : undefined;
      return `内置题库有错误${n ? `（${n} 处）` : ''}，服务未启动。运行 npm run pufa -- check-bank 查看每一处错误。`;
    }
    case 'calendar.invalid': {
      const where = Array.isArray(details.problems) ? details.problems.map((p) => String(p).trim().split(': ')[0]).join('、') : '';
      const dates = Array.isArray(details.dates) ? `（${details.dates.join('、')} 既是放假日又是上班日）` : '';
      return `节假日日历文件（CALENDAR_FILE）${file ?? ''} 有误${dates}${where ? `，有误的位置：${where}` : ''}。请按 README“节假日日历”的格式改正。`;
    }
    case 'platform.api_error':
    case 'platform.http_error': {
      const errcode = details.errcode !== undefined ? `（错误码 ${String(details.errcode)}）` : '';
      return `调用企业微信或钉钉接口失败${errcode}。请检查网络、应用的凭证和可信 IP 设置后重试。`;
    }
    case 'message.timeout':
      return '处理超时，操作未完成，请稍后重试。';
    case 'input.invalid':
    case 'input.unsupported_media_type':
    case 'input.rate_limited':
    case 'input.quota_exceeded':
      return chineseOr(message, '输入有误，请检查命令的参数。');
    case 'auth.unauthorized':
    case 'auth.forbidden':
      return chineseOr(message, '没有权限执行这个操作。');
    default:
      return chineseOr(message, '操作失败。');
  }
}

/** A system call's error (node:fs, node:net): its code and path. */
function systemErrorText(code: string, err: NodeJS.ErrnoException): string | undefined {
  const path = err.path ?? (err as { dest?: string }).dest;
  const at = path ? `：${path}` : '';
  switch (code) {
    case 'ENOENT':
      return `找不到文件或目录${at}。请检查路径（相对路径按运行命令时所在的目录计算）。`;
    case 'EACCES':
    case 'EPERM':
      return `没有权限访问${at}。请检查文件权限，或换一个有写入权限的位置。`;
    case 'EISDIR':
      return `这里需要一个文件，给出的却是目录${at}。`;
    case 'ENOTDIR':
      return `路径中有一部分不是目录${at}。`;
    case 'EEXIST':
      return `文件已存在${at}。`;
    case 'ENOSPC':
      return '磁盘空间已满，无法写入。请清理磁盘后重试。';
    case 'EROFS':
      return `文件系统是只读的，无法写入${at}。`;
    case 'EMFILE':
    case 'ENFILE':
      return '同时打开的文件太多，请稍后重试。';
    case 'EADDRINUSE':
      return `端口已被占用${'port' in err ? `（${String((err as { port?: unknown }).port)}）` : ''}：可能已有一个 pufa-bot 在运行，或请在 .env 中改用其他 PORT。`;
    case 'EADDRNOTAVAIL':
      return '本机没有这个地址，请检查 HOST 的设置。';
    default:
      return undefined;
  }
}

/** The operator's message for any error. */
export function describeError(err: unknown): ErrorText {
  if (isAppError(err)) return { code: err.code, text: appErrorText(err.code, err.message, err.details), internal: false };
  const sys = err as NodeJS.ErrnoException | undefined;
  if (sys && typeof sys.code === 'string') {
    const text = systemErrorText(sys.code, sys);
    if (text) return { code: sys.code, text, internal: false };
  }
  return { code: 'internal', text: '发生内部错误，操作未完成。这不是您的操作有误，请把下面提到的日志文件交给技术人员。', internal: true };
}

/** One line: `错误 [code]：text`. */
export function errorLine(e: ErrorText): string {
  return `错误 [${e.code}]：${e.text}`;
}
