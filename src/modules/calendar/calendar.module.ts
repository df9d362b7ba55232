import type { ModuleDescriptor } from '../../core/module.js';
import { CalendarNotice, CalendarNoticeDay } from './calendar.entity.js';
import { CalendarResolver } from './calendar.resolver.js';

export const calendarModule: ModuleDescriptor = { name: 'calendar', entities: [CalendarNotice, CalendarNoticeDay], resolvers: [CalendarResolver] };
