/**
 * A deterministic generator of realistic contacts data for the demo, stories, tests and
 * benchmarks: accented and non-Latin names, phones of several countries, every channel, some
 * contacts with a pending action, companies with domains, and recent conversations.
 * The same options always give the same records.
 */
import type {
  Channel,
  ChannelIdentity,
  Company,
  Contact,
  ConversationStatus,
  ConversationSummary,
} from '../../model/types.js';
import type { Dataset } from '../in-memory/in-memory-adapter.js';

export interface GenerateOptions {
  contacts: number;
  /** Defaults to one company per 12 contacts, at least 3 and at most 2,000. */
  companies?: number;
  /** How many contacts get recent conversations; defaults to all up to 5,000. */
  withConversations?: number;
  seed?: number;
  /** The newest timestamp in the data; defaults to 2026-11-01. */
  now?: Date;
}

/** mulberry32: tiny, fast and good enough for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface NamePool {
  given: string[];
  family: string[];
  /** Latin transliteration for e-mail local parts, parallel to given/family. */
  givenAscii?: string[];
  familyAscii?: string[];
  country: PhoneCountry;
}

type PhoneCountry =
  'BR' | 'US' | 'GB' | 'DE' | 'MX' | 'ES' | 'IN' | 'PT' | 'AR' | 'JP' | 'EG' | 'IL' | 'GR';

// prettier-ignore
const POOLS: NamePool[] = [
  {
    country: 'BR',
    given: ['José', 'João', 'Maria', 'Ana', 'Luíza', 'Antônio', 'Conceição', 'Thiago', 'Fábio', 'Letícia', 'Débora', 'Vinícius', 'Júlia', 'Gonçalo', 'Márcia', 'Sérgio'],
    family: ['da Silva', 'Gonçalves', 'Araújo', 'Conceição', 'Magalhães', 'Brandão', 'Simões', 'Patrício', 'Louzada', 'Assunção', 'Guimarães', 'Falcão', 'Sá', 'Lúcio'],
  },
  {
    country: 'MX',
    given: ['José Luis', 'María', 'Sofía', 'Andrés', 'Lucía', 'Martín', 'Inés', 'Raúl', 'Ángela', 'Nicolás', 'Begoña', 'Iñaki'],
    family: ['García', 'Hernández', 'Núñez', 'Muñoz', 'Pérez', 'Ramírez', 'Ibáñez', 'Peña', 'Gómez', 'Díaz'],
  },
  {
    country: 'ES',
    given: ['Álvaro', 'Íñigo', 'Carmen', 'Nuria', 'Jesús', 'Araceli', 'Óscar', 'Rocío'],
    family: ['Fernández', 'López', 'Martínez', 'Sánchez', 'Jiménez', 'Álvarez', 'Castaño', 'Ortuño'],
  },
  {
    country: 'US',
    given: ['James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Mia', 'Zoë', 'Chloé', 'Renée', 'Noël'],
    family: ['Smith', 'Johnson', 'Brown', 'Miller', 'Davis', 'Wilson', 'Anderson', "O'Connor", 'Nguyen', 'Kim'],
  },
  {
    country: 'GB',
    given: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Freya', 'Siân', 'Dafydd'],
    family: ['Taylor', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright', 'Hughes', 'Ó Briain'],
  },
  {
    country: 'DE',
    given: ['Jürgen', 'Jörg', 'Lena', 'Björn', 'Søren', 'Käthe', 'Uwe', 'Anneliese'],
    family: ['Müller', 'Schäfer', 'Groß', 'Köhler', 'Weiß', 'Schröder', 'Bäcker', 'Voß'],
  },
  {
    country: 'PT',
    given: ['Inês', 'Gonçalo', 'Leonor', 'Tomás', 'Constança', 'Simão'],
    family: ['Ferreira', 'Gonçalves', 'Rodrigues', 'Lourenço', 'Mendonça', 'Esteves'],
  },
  {
    country: 'AR',
    given: ['Agustín', 'Valentina', 'Joaquín', 'Milagros', 'Matías', 'Belén'],
    family: ['Fernández', 'Rodríguez', 'Giménez', 'Benítez', 'Domínguez', 'Acuña'],
  },
  {
    country: 'IN',
    given: ['Aarav', 'Priya', 'Ananya', 'Vihaan', 'प्रिया', 'राहुल'],
    family: ['Sharma', 'Patel', 'Iyer', 'Reddy', 'शर्मा', 'वर्मा'],
    givenAscii: ['aarav', 'priya', 'ananya', 'vihaan', 'priya', 'rahul'],
    familyAscii: ['sharma', 'patel', 'iyer', 'reddy', 'sharma', 'verma'],
  },
  {
    country: 'JP',
    given: ['さくら', '陽翔', '結衣', '蓮', 'Haruto', 'Yui'],
    family: ['佐藤', '鈴木', '高橋', '田中', 'Sato', 'Suzuki'],
    givenAscii: ['sakura', 'haruto', 'yui', 'ren', 'haruto', 'yui'],
    familyAscii: ['sato', 'suzuki', 'takahashi', 'tanaka', 'sato', 'suzuki'],
  },
  {
    country: 'EG',
    given: ['محمد', 'فاطمة', 'أحمد', 'ليلى', 'Omar', 'Yasmin'],
    family: ['حسن', 'إبراهيم', 'السيد', 'منصور', 'Hassan', 'Mansour'],
    givenAscii: ['mohamed', 'fatma', 'ahmed', 'layla', 'omar', 'yasmin'],
    familyAscii: ['hassan', 'ibrahim', 'elsayed', 'mansour', 'hassan', 'mansour'],
  },
  {
    country: 'IL',
    given: ['נועה', 'דוד', 'Noa', 'Yosef'],
    family: ['כהן', 'לוי', 'Cohen', 'Levi'],
    givenAscii: ['noa', 'david', 'noa', 'yosef'],
    familyAscii: ['cohen', 'levi', 'cohen', 'levi'],
  },
  {
    country: 'GR',
    given: ['Γιώργος', 'Μαρία', 'Nikos', 'Eleni'],
    family: ['Παπαδόπουλος', 'Οικονόμου', 'Papadopoulos', 'Oikonomou'],
    givenAscii: ['giorgos', 'maria', 'nikos', 'eleni'],
    familyAscii: ['papadopoulos', 'oikonomou', 'papadopoulos', 'oikonomou'],
  },
];

/** Mobile number shapes that libphonenumber-js accepts as possible, per country. */
function phoneFor(country: PhoneCountry, n: number): string {
  const d = (width: number, value: number) => String(value % 10 ** width).padStart(width, '0');
  switch (country) {
    case 'BR':
      return `+55${[11, 21, 31, 41, 51, 61, 71, 81][n % 8]}9${d(8, n * 7919 + 10000000)}`;
    case 'US':
      return `+1${[212, 415, 617, 312, 206, 512][n % 6]}${2000000 + ((n * 31) % 8000000)}`;
    case 'GB':
      return `+447${700 + (n % 300)}${d(6, n * 131)}`;
    case 'DE':
      return `+4915${1 + (n % 9)}${d(8, n * 577)}`;
    case 'MX':
      return `+52${[55, 33, 81][n % 3]}${d(8, n * 613 + 10000000)}`;
    case 'ES':
      return `+346${d(8, n * 997 + 10000000)}`;
    case 'IN':
      return `+919${d(9, n * 7001 + 100000000)}`;
    case 'PT':
      return `+3519${[1, 2, 3, 6][n % 4]}${d(7, n * 313)}`;
    case 'AR':
      return `+54911${d(8, n * 419 + 10000000)}`;
    case 'JP':
      return `+8190${d(8, n * 271 + 10000000)}`;
    case 'EG':
      return `+2010${d(8, n * 733 + 10000000)}`;
    case 'IL':
      return `+9725${[0, 2, 3, 4][n % 4]}${d(7, n * 389 + 1000000)}`;
    case 'GR':
      return `+3069${d(8, n * 211 + 10000000)}`;
  }
}

// prettier-ignore
const COMPANY_WORDS = [
  ['Acme', 'Nova', 'Atlântica', 'Sol', 'Horizonte', 'Andes', 'Nórdica', 'Fjord', 'Sakura', 'Nilo', 'Oliva', 'Aurora', 'Boreal', 'Cobalt', 'Delta', 'Éclair', 'Ipê', 'Jacarandá', 'Lumen', 'Mistral'],
  ['Logística', 'Telecom', 'Foods', 'Labs', 'Seguros', 'Travel', 'Energia', 'Health', 'Móveis', 'Finance', 'Retail', 'Studio', 'Bank', 'Motors', 'Farma', 'Cloud'],
];
const TLDS = ['com', 'com.br', 'co.uk', 'de', 'es', 'mx', 'io', 'pt', 'co.jp', 'in'];

const PREVIEWS = [
  'Hi! Is my order on its way?',
  'Olá, gostaria de saber o status do meu pedido.',
  'Hola, ¿pueden ayudarme con mi factura?',
  'Can I change the delivery address?',
  'Obrigado pelo atendimento!',
  'The app keeps logging me out.',
  '¿Tienen envío a Monterrey?',
  'Preciso da segunda via do boleto.',
  'Thanks, that solved it.',
  'Quando chega o técnico?',
];

const STATUSES: ConversationStatus[] = ['open', 'pending', 'resolved', 'resolved', 'snoozed'];
const PENDING_CHANNELS: Channel[] = ['webchat', 'instagram', 'messenger', 'telegram'];

/** A flat copy of a text made of parts, not a rope of concatenations (less memory per record). */
function join(...parts: string[]): string {
  return parts.join('');
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

export function generateDataset(options: GenerateOptions): Dataset {
  const rand = random(options.seed ?? 20261125);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const now = (options.now ?? new Date('2026-11-01T12:00:00Z')).getTime();
  const ago = (maxDays: number) =>
    new Date(now - Math.floor(rand() * maxDays * 86_400_000)).toISOString();

  const companyCount =
    options.companies ?? Math.min(2000, Math.max(3, Math.round(options.contacts / 12)));
  const companies: Company[] = [];
  const domains = new Set<string>();
  for (let i = 0; i < companyCount; i++) {
    const a = COMPANY_WORDS[0]![i % COMPANY_WORDS[0]!.length]!;
    const b =
      COMPANY_WORDS[1]![Math.floor(i / COMPANY_WORDS[0]!.length) % COMPANY_WORDS[1]!.length]!;
    const round = Math.floor(i / (COMPANY_WORDS[0]!.length * COMPANY_WORDS[1]!.length));
    const name = round ? `${a} ${b} ${round + 1}` : `${a} ${b}`;
    const createdAt = ago(900);
    const company: Company = {
      id: `co-${String(i + 1).padStart(5, '0')}`,
      name,
      createdAt,
      updatedAt: createdAt,
      version: 1,
    };
    const domain = `${ascii(`${a}${b}`).replace(/\./g, '')}${round ? round + 1 : ''}.${TLDS[i % TLDS.length]}`;
    if (i % 7 !== 3 && !domains.has(domain)) {
      company.domain = domain;
      domains.add(domain);
    }
    companies.push(company);
  }

  const contacts: Contact[] = [];
  const conversations: ConversationSummary[] = [];
  const withConversations = options.withConversations ?? Math.min(options.contacts, 5000);
  const width = String(options.contacts).length;
  for (let i = 0; i < options.contacts; i++) {
    const pool = pick(POOLS);
    const g = Math.floor(rand() * pool.given.length);
    const f = Math.floor(rand() * pool.family.length);
    const name = join(pool.given[g]!, ' ', pool.family[f]!);
    const local = join(
      pool.givenAscii?.[g] ?? ascii(pool.given[g]!),
      '.',
      pool.familyAscii?.[f] ?? ascii(pool.family[f]!),
      String(i),
    );
    const createdAt = ago(720);
    const id = join('ct-', String(i + 1).padStart(width, '0'));
    const roll = rand();
    // Every contact has one identity; arrays are built at their final size.
    let identity: ChannelIdentity;
    const contact: Contact = {
      id,
      name,
      nameSource: roll < 0.6 ? 'channel' : roll < 0.85 ? 'agent' : 'import',
      identities: [],
      pendingActions: [],
      createdAt,
      updatedAt: createdAt,
      version: 1,
    };
    const kind = rand();
    if (kind < 0.08) {
      // Reached us on a channel without email or phone: stays visible, with a pending action.
      const channel = pick(PENDING_CHANNELS);
      identity = {
        channel,
        address: channel === 'webchat' ? join('visitor-', id) : join('@', local),
        displayName: name,
        lastSeenAt: createdAt,
      };
      contact.nameSource = 'channel';
      contact.pendingActions = [{ id: join('pa-', id), type: 'add-contact-info', createdAt }];
    } else {
      const phone = join(phoneFor(pool.country, i + 1), '');
      if (kind < 0.55) {
        contact.phone = phone;
        identity = {
          channel: 'whatsapp',
          address: phone,
          displayName: name,
          lastSeenAt: createdAt,
        };
        if (rand() < 0.4) {
          contact.email = join(
            local,
            '@',
            pick(['gmail.com', 'outlook.com', 'yahoo.com.br', 'proton.me']),
          );
        }
      } else if (kind < 0.8) {
        contact.email = join(
          local,
          '@',
          pick(['gmail.com', 'hotmail.com', 'icloud.com', 'uol.com.br']),
        );
        identity = { channel: 'email', address: contact.email, lastSeenAt: createdAt };
        if (rand() < 0.5) contact.phone = phone;
      } else if (kind < 0.9) {
        contact.phone = phone;
        identity = {
          channel: pick(['sms', 'phone'] as const),
          address: phone,
          lastSeenAt: createdAt,
        };
      } else {
        contact.email = join(local, '@example.org');
        const channel = pick(PENDING_CHANNELS);
        identity = { channel, address: join('@', local), displayName: name, lastSeenAt: createdAt };
      }
    }
    contact.identities = [identity];
    if (companies.length && rand() < 0.55) {
      const company = companies[Math.floor(rand() * companies.length)]!;
      contact.companyId = company.id;
      // A pending contact stays without email and phone: that is what makes it pending.
      if (company.domain && !contact.email && !contact.pendingActions.length && rand() < 0.5) {
        contact.email = join(local, '@', company.domain);
      }
    }
    if (i < withConversations) {
      const count = Math.floor(rand() * 4);
      let latest = '';
      for (let k = 0; k < count; k++) {
        const at = ago(120);
        if (at > latest) latest = at;
        conversations.push({
          id: `cv-${id}-${k + 1}`,
          contactId: id,
          channel: identity.channel,
          status: pick(STATUSES),
          lastMessagePreview: pick(PREVIEWS),
          lastActivityAt: at,
        });
      }
      if (latest) contact.lastActivityAt = latest > createdAt ? latest : createdAt;
    }
    contacts.push(contact);
  }
  return { contacts, companies, conversations };
}
