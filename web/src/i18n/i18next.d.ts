import 'i18next';
import type en from './en.json';
import type account from './namespaces/en/account.json';
import type admin from './namespaces/en/admin.json';
import type arrangements from './namespaces/en/arrangements.json';
import type calculator from './namespaces/en/calculator.json';
import type callList from './namespaces/en/callList.json';
import type debtorBankAccounts from './namespaces/en/debtorBankAccounts.json';
import type delivery from './namespaces/en/delivery.json';
import type dunningHold from './namespaces/en/dunningHold.json';
import type entities from './namespaces/en/entities.json';
import type explanation from './namespaces/en/explanation.json';
import type forecast from './namespaces/en/forecast.json';
import type holds from './namespaces/en/holds.json';
import type home from './namespaces/en/home.json';
import type interestRates from './namespaces/en/interestRates.json';
import type issueReport from './namespaces/en/issueReport.json';
import type issues from './namespaces/en/issues.json';
import type payments from './namespaces/en/payments.json';
import type paymentLinks from './namespaces/en/paymentLinks.json';
import type charges from './namespaces/en/charges.json';
import type processes from './namespaces/en/processes.json';
import type profiles from './namespaces/en/profiles.json';
import type segments from './namespaces/en/segments.json';
import type serverErrors from './namespaces/en/serverErrors.json';
import type templates from './namespaces/en/templates.json';
import type users from './namespaces/en/users.json';
import type wizard from './namespaces/en/wizard.json';

// Typed keys: t('a.missing.key') fails the type check instead of showing the key.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: typeof en;
      account: typeof account;
      admin: typeof admin;
      arrangements: typeof arrangements;
      calculator: typeof calculator;
      callList: typeof callList;
      debtorBankAccounts: typeof debtorBankAccounts;
      delivery: typeof delivery;
      dunningHold: typeof dunningHold;
      entities: typeof entities;
      explanation: typeof explanation;
      forecast: typeof forecast;
      holds: typeof holds;
      home: typeof home;
      interestRates: typeof interestRates;
      issueReport: typeof issueReport;
      issues: typeof issues;
      payments: typeof payments;
      paymentLinks: typeof paymentLinks;
      charges: typeof charges;
      processes: typeof processes;
      profiles: typeof profiles;
      segments: typeof segments;
      serverErrors: typeof serverErrors;
      templates: typeof templates;
      users: typeof users;
      wizard: typeof wizard;
    };
  }
}
